/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char   *title;
  gint64  quantity;
  gint64  unit_price_cents;   /* -1: not known (a report that gives only totals) */
} SdOrderItem;

typedef struct
{
  gint64     id;
  char      *platform;
  char      *platform_order_id;
  gint64     customer_id;
  gint64     amount_cents;      /* what the buyer paid */
  char      *status;            /* the platform's own status, e.g. TRADE_FINISHED */
  gint64     created_at;        /* UTC seconds */
  gint64     paid_at;           /* 0: not paid */
  gint64     modified_at;       /* 0: not known */
  char      *refund_state;      /* "none", "pending", "refused", "partial", "full" */
  gint64     refund_cents;      /* money returned to the buyer */
  GPtrArray *items;             /* SdOrderItem * */
} SdOrder;

#define SD_TYPE_ORDER (sd_order_get_type ())

GType        sd_order_get_type       (void) G_GNUC_CONST;
SdOrder     *sd_order_new            (void);
SdOrder     *sd_order_copy           (const SdOrder *order);
void         sd_order_free           (SdOrder       *order);
void         sd_order_add_item       (SdOrder       *order,
                                      const char    *title,
                                      gint64         quantity,
                                      gint64         unit_price_cents);
SdOrderItem *sd_order_item_copy      (const SdOrderItem *item);
void         sd_order_item_free      (SdOrderItem   *item);

/* Whether an order is a trade that counts toward the customer's spend (a fully refunded
 * one does not, whatever its status: the store applies both). */
gboolean     sd_order_status_counts  (const char    *status,
                                      gint64         paid_at);
/* Whether the refund state means money went back to the buyer. */
gboolean     sd_order_refund_counts  (const char    *refund_state);
/* Maps platform words (Taobao statuses in Chinese or English) to ours. */
const char  *sd_order_status_normalize (const char  *text);
const char  *sd_order_refund_normalize (const char  *text);
/* What a seller calls a status or refund state, translated; unknown codes as given. */
const char  *sd_order_status_describe (const char   *status);
const char  *sd_order_refund_describe (const char   *refund_state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdOrder, sd_order_free)

G_END_DECLS
