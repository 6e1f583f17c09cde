/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Taobao TOP answers → our trades, buyers and errors. Pure functions (no network): the
 * connection and the fuzz target feed them response bodies. */

#include "sd-store-connection.h"

G_BEGIN_DECLS

/* The router's error_response. */
typedef struct
{
  int   code;
  char *msg;
  char *sub_code;
  char *sub_msg;
} SdTopErrorResponse;

void     sd_top_error_response_clear (SdTopErrorResponse *response);

typedef enum
{
  SD_TOP_ANSWER_OK,
  SD_TOP_ANSWER_ERROR,     /* an error_response, in the SdTopErrorResponse */
  SD_TOP_ANSWER_CORRUPT,   /* not the protocol's shape: the GError says where */
} SdTopAnswer;

typedef struct
{
  gint64     total_results;   /* -1: not in the answer (use_has_next=true) */
  gboolean   has_next;
  GPtrArray *trades;          /* SdStoreTrade *; NULL until mapped */
} SdTopTradesPage;

void     sd_top_trades_page_clear    (SdTopTradesPage *page);

/* The answer of taobao.trades.sold.get or taobao.trades.sold.increment.get (METHOD). All
 * or nothing: on anything but SD_TOP_ANSWER_OK, PAGE is left empty. */
SdTopAnswer sd_top_map_trades        (const char         *body,
                                      gsize               length,
                                      const char         *method,
                                      SdTopTradesPage    *page,
                                      SdTopErrorResponse *error_response,
                                      GError            **error);
/* The answer of taobao.user.seller.get. */
SdTopAnswer sd_top_map_seller        (const char         *body,
                                      gsize               length,
                                      SdStoreSeller     **out_seller,
                                      SdTopErrorResponse *error_response,
                                      GError            **error);

/* What to do about an error_response to METHOD. Always sets ERROR to what the caller
 * reports when it gives up (SD_ERROR_*, never quoting a secret). Returns TRUE when trying
 * again may help; then *WAIT_SECONDS is how long to wait first (the ban's seconds + 1 for
 * code 7), or -1 for the caller's backoff. */
gboolean sd_top_error_classify       (const SdTopErrorResponse *response,
                                      const char               *method,
                                      double                   *wait_seconds,
                                      GError                  **error);

G_END_DECLS
