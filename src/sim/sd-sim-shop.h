/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The simulated shop: customers, orders and their lines, all drawn from one GRand seeded
 * from --seed, so the same parameters give the same shop. It knows nothing of either
 * platform's wire format; sd-sim-taobao.c and sd-sim-shopify.c render it.
 *
 * Orders are kept in the order they were created (index order is created order, and the
 * platform ids grow with the index), plus an index sorted by (modified, index) kept up to
 * date as orders change, so a time window is two binary searches. */

#define SD_SIM_TYPE_SHOP (sd_sim_shop_get_type ())
G_DECLARE_FINAL_TYPE (SdSimShop, sd_sim_shop, SD_SIM, SHOP, GObject)

typedef enum
{
  SD_SIM_STATUS_WAIT_BUYER_PAY,
  SD_SIM_STATUS_WAIT_SELLER_SEND_GOODS,
  SD_SIM_STATUS_WAIT_BUYER_CONFIRM_GOODS,
  SD_SIM_STATUS_TRADE_FINISHED,
  SD_SIM_STATUS_TRADE_CLOSED,            /* closed after payment: everything refunded */
  SD_SIM_STATUS_TRADE_CLOSED_BY_TAOBAO,  /* closed before payment */
} SdSimStatus;

typedef enum
{
  SD_SIM_REFUND_NONE,
  SD_SIM_REFUND_WAIT_SELLER_AGREE,
  SD_SIM_REFUND_SELLER_REFUSE_BUYER,
  SD_SIM_REFUND_SUCCESS,
} SdSimRefund;

typedef struct
{
  gint64  refund_time;       /* when a refund was asked for; 0: none */
  gint32  payment_cents;     /* what the buyer pays for this line, after discounts */
  guint16 product;           /* sd_sim_product () */
  guint8  num;
  guint8  refund;            /* SdSimRefund */
} SdSimItem;

typedef struct
{
  gint64  created;
  gint64  pay_time;          /* 0: not paid */
  gint64  consign_time;      /* 0: not shipped */
  gint64  end_time;          /* 0: still open */
  gint64  modified;
  guint32 customer;          /* index into the customers */
  guint32 first_item;
  gint32  post_fee_cents;
  gint32  discount_cents;
  guint8  n_items;
  guint8  status;            /* SdSimStatus */
  guint8  tid_as_string;     /* Taobao sends some ids as strings, some as numbers */
  guint8  oid_as_string;
} SdSimOrder;

typedef struct
{
  gint64 created;
  gint64 updated;            /* its last order, or its creation */
  char   uid[28];            /* buyer_open_uid: "AAH" and 24 letters or digits */
  char   nick[16];           /* buyer_nick as Taobao fuzzes it: "t**1" */
  char   oaid[41];
  char   mobile[12];         /* 11 digits */
  guint8 surname;            /* sd_sim_surname () */
  guint8 given_name;         /* sd_sim_given_name () */
  guint8 region;             /* sd_sim_region () */
  guint8 has_phone;          /* some Shopify customers leave none */
} SdSimCustomer;

typedef struct
{
  guint32 seed;
  guint   n_customers;
  guint   n_orders;
  guint   days;              /* orders are created over the days before @now */
  gint64  now;               /* the data clock */
} SdSimShopParams;

const char          *sd_sim_status_name                (SdSimStatus status);
const char          *sd_sim_refund_name                (SdSimRefund refund);

SdSimShop           *sd_sim_shop_new                   (const SdSimShopParams *params);
gint64               sd_sim_shop_get_now               (SdSimShop             *self);
guint                sd_sim_shop_get_n_orders          (SdSimShop             *self);
guint                sd_sim_shop_get_n_customers       (SdSimShop             *self);
const SdSimOrder    *sd_sim_shop_get_order             (SdSimShop             *self,
                                                        guint                  index);
const SdSimItem     *sd_sim_shop_get_item              (SdSimShop             *self,
                                                        guint                  index);
const SdSimCustomer *sd_sim_shop_get_customer          (SdSimShop             *self,
                                                        guint                  index);
gint64               sd_sim_shop_order_total_fee       (SdSimShop             *self,
                                                        const SdSimOrder      *order);
gint64               sd_sim_shop_order_payment         (SdSimShop             *self,
                                                        const SdSimOrder      *order);
gint64               sd_sim_shop_order_refunded        (SdSimShop             *self,
                                                        const SdSimOrder      *order);

void                 sd_sim_shop_created_range         (SdSimShop             *self,
                                                        gint64                 start,
                                                        gint64                 end,
                                                        guint                 *out_lo,
                                                        guint                 *out_hi);
void                 sd_sim_shop_customer_created_range (SdSimShop            *self,
                                                         gint64                start,
                                                         gint64                end,
                                                         guint                *out_lo,
                                                         guint                *out_hi);
void                 sd_sim_shop_modified_range        (SdSimShop             *self,
                                                        gint64                 start,
                                                        gint64                 end,
                                                        guint                 *out_lo,
                                                        guint                 *out_hi);
guint                sd_sim_shop_by_modified           (SdSimShop             *self,
                                                        guint                  position);

gint64               sd_sim_shop_advance               (SdSimShop             *self,
                                                        gint64                 seconds,
                                                        gint64                 real_now);
void                 sd_sim_shop_create_orders         (SdSimShop             *self,
                                                        guint                  count,
                                                        GArray                *out_indices);
void                 sd_sim_shop_modify_orders         (SdSimShop             *self,
                                                        guint                  count,
                                                        guint                  n_candidates,
                                                        GArray                *out_indices);

G_END_DECLS
