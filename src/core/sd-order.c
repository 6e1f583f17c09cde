/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-order"

#include "sd-i18n.h"

#include "sd-order.h"

G_DEFINE_BOXED_TYPE (SdOrder, sd_order, sd_order_copy, sd_order_free)

SdOrder *
sd_order_new (void)
{
  SdOrder *order = g_new0 (SdOrder, 1);

  order->platform = g_strdup ("taobao");
  order->platform_order_id = g_strdup ("");
  order->status = g_strdup ("");
  order->refund_state = g_strdup ("none");
  order->items = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_order_item_free);
  return order;
}

SdOrderItem *
sd_order_item_copy (const SdOrderItem *item)
{
  SdOrderItem *copy = g_memdup2 (item, sizeof *item);

  copy->title = g_strdup (item->title);
  return copy;
}

void
sd_order_item_free (SdOrderItem *item)
{
  if (item == NULL)
    return;
  g_free (item->title);
  g_free (item);
}

SdOrder *
sd_order_copy (const SdOrder *order)
{
  SdOrder *copy;

  g_return_val_if_fail (order != NULL, NULL);

  copy = g_memdup2 (order, sizeof *order);
  copy->platform = g_strdup (order->platform);
  copy->platform_order_id = g_strdup (order->platform_order_id);
  copy->status = g_strdup (order->status);
  copy->refund_state = g_strdup (order->refund_state);
  copy->items = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_order_item_free);
  for (guint i = 0; i < order->items->len; i++)
    g_ptr_array_add (copy->items, sd_order_item_copy (g_ptr_array_index (order->items, i)));
  return copy;
}

void
sd_order_free (SdOrder *order)
{
  if (order == NULL)
    return;
  g_free (order->platform);
  g_free (order->platform_order_id);
  g_free (order->status);
  g_free (order->refund_state);
  g_clear_pointer (&order->items, g_ptr_array_unref);
  g_free (order);
}

void
sd_order_add_item (SdOrder    *order,
                   const char *title,
                   gint64      quantity,
                   gint64      unit_price_cents)
{
  SdOrderItem *item = g_new0 (SdOrderItem, 1);

  item->title = g_strdup (title ? title : "");
  item->quantity = quantity;
  item->unit_price_cents = unit_price_cents;
  g_ptr_array_add (order->items, item);
}

/* Taobao's trade states, with the words its sold-orders report uses for them. */
static const struct
{
  const char *status;
  const char *label;
  const char *words[4];
  gboolean    paid;
} statuses[] = {
  { "TRADE_NO_CREATE_PAY", N_("Not created"), { "没有创建支付宝交易", NULL }, FALSE },
  { "WAIT_BUYER_PAY", N_("Awaiting payment"), { "等待买家付款", NULL }, FALSE },
  { "PAY_PENDING", N_("Payment being confirmed"), { "付款确认中", NULL }, FALSE },
  { "WAIT_PRE_AUTH_CONFIRM", N_("Pre-authorised"), { "0元购合约中", NULL }, FALSE },
  { "WAIT_SELLER_SEND_GOODS", N_("Paid, to be shipped"), { "买家已付款，等待卖家发货", "等待卖家发货", "买家已付款", NULL }, TRUE },
  { "SELLER_CONSIGNED_PART", N_("Partly shipped"), { "卖家部分发货", "部分发货", NULL }, TRUE },
  { "WAIT_BUYER_CONFIRM_GOODS", N_("Shipped"), { "卖家已发货，等待买家确认", "卖家已发货", "等待买家确认收货", NULL }, TRUE },
  { "TRADE_BUYER_SIGNED", N_("Signed for"), { "买家已签收", NULL }, TRUE },
  { "TRADE_FINISHED", N_("Trade finished"), { "交易成功", "交易完成", NULL }, TRUE },
  { "PAID_FORBID_CONSIGN", N_("Paid, shipping blocked"), { "已付款（禁止发货）", "禁止发货", NULL }, TRUE },
  { "TRADE_CLOSED", N_("Closed after refund"), { "交易关闭", "付款以后用户退款成功，交易自动关闭", NULL }, FALSE },
  { "TRADE_CLOSED_BY_TAOBAO", N_("Closed before payment"), { "交易被淘宝关闭", "付款以前，卖家或买家主动关闭交易", NULL }, FALSE },
};

const char *
sd_order_status_describe (const char *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i].status) == 0)
      return _(statuses[i].label);
  return status ? status : "";
}

const char *
sd_order_status_normalize (const char *text)
{
  if (text == NULL || *text == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      if (g_ascii_strcasecmp (text, statuses[i].status) == 0)
        return statuses[i].status;
      for (guint w = 0; statuses[i].words[w] != NULL; w++)
        if (strcmp (text, statuses[i].words[w]) == 0)
          return statuses[i].status;
    }
  return NULL;
}

gboolean
sd_order_status_counts (const char *status,
                        gint64      paid_at)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (status, statuses[i].status) == 0)
      return statuses[i].paid;
  /* A status we do not know (another store's): paid is what counts. */
  return paid_at > 0;
}

static const struct
{
  const char *state;
  const char *label;
  const char *words[8];
} refunds[] = {
  { "none", N_("No refund"), { "", "NO_REFUND", "CLOSED", "没有申请退款", "无退款", "退款关闭", "无", NULL } },
  { "pending", N_("Refund requested"), { "WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS",
                 "买家已经申请退款，等待卖家同意", "退款中", "等待卖家同意", NULL } },
  { "refused", N_("Refund refused"), { "SELLER_REFUSE_BUYER", "卖家拒绝退款", NULL } },
  { "partial", N_("Partly refunded"), { "部分退款", "PARTIAL", NULL } },
  { "full", N_("Refunded"), { "SUCCESS", "退款成功", "全额退款", NULL } },
};

const char *
sd_order_refund_normalize (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  for (guint i = 0; i < G_N_ELEMENTS (refunds); i++)
    {
      if (g_ascii_strcasecmp (trimmed, refunds[i].state) == 0)
        return refunds[i].state;
      for (guint w = 0; refunds[i].words[w] != NULL; w++)
        if (g_ascii_strcasecmp (trimmed, refunds[i].words[w]) == 0)
          return refunds[i].state;
    }
  return NULL;
}

const char *
sd_order_refund_describe (const char *refund_state)
{
  for (guint i = 0; i < G_N_ELEMENTS (refunds); i++)
    if (g_strcmp0 (refund_state, refunds[i].state) == 0)
      return _(refunds[i].label);
  return refund_state ? refund_state : "";
}

gboolean
sd_order_refund_counts (const char *refund_state)
{
  return g_strcmp0 (refund_state, "partial") == 0 || g_strcmp0 (refund_state, "full") == 0;
}
