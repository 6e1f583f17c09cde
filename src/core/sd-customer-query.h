/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sd-condition.h"

G_BEGIN_DECLS

typedef enum
{
  SD_CUSTOMER_SORT_ID = 0,
  SD_CUSTOMER_SORT_NAME,
  SD_CUSTOMER_SORT_NICK,
  SD_CUSTOMER_SORT_PHONE,
  SD_CUSTOMER_SORT_TOTAL_SPENT,
  SD_CUSTOMER_SORT_ORDER_COUNT,
  SD_CUSTOMER_SORT_LAST_ORDER,
  SD_CUSTOMER_SORT_CITY,
  SD_CUSTOMER_SORT_TIER,        /* grade; not computed yet (-1) first */
} SdCustomerSort;

/* What the customer list shows: a search, filters and an order. Unset bounds are -1. */
typedef struct
{
  char           *text;
  char           *tag;
  char           *province;
  gint64          min_spent_cents;
  gint64          max_spent_cents;
  gint64          min_orders;
  gint64          max_orders;
  gint64          last_order_after;    /* UTC seconds, inclusive */
  gint64          last_order_before;   /* UTC seconds, exclusive */
  SdCustomerSort  sort;
  gboolean        descending;
  GArray         *ids;                 /* gint64: only these customers; NULL: no such limit */
  SdCondition    *condition;           /* only those who meet it (a segment's); NULL: no such limit */
  /* Set by the core for an account that may not see full contact details: the search
   * then matches a phone only by its whole number or its last four digits (what the mask
   * shows), and never the street address. */
  gboolean        contact_hidden;
} SdCustomerQuery;

/* Where a page ended: the sort key and id of its last row. */
typedef struct
{
  SdCustomerSort  sort;
  gboolean        descending;
  gint64          key_int;
  char           *key_text;
  gint64          id;
} SdCustomerCursor;

SdCustomerQuery  *sd_customer_query_new          (void);
SdCustomerQuery  *sd_customer_query_copy         (const SdCustomerQuery *query);
void              sd_customer_query_free         (SdCustomerQuery *query);
/* Whether the query leaves anyone out: a search, a filter or a selection (its order aside). */
gboolean          sd_customer_query_is_narrowed  (const SdCustomerQuery *query);
gboolean          sd_customer_sort_from_string   (const char      *name,
                                                  SdCustomerSort  *out_sort);
const char       *sd_customer_sort_to_string     (SdCustomerSort   sort);
gboolean          sd_customer_sort_is_text       (SdCustomerSort   sort);

void              sd_customer_cursor_free        (SdCustomerCursor *cursor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCustomerQuery, sd_customer_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCustomerCursor, sd_customer_cursor_free)

G_END_DECLS
