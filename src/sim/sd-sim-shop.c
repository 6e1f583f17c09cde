/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include "sd-sim-shop.h"

#include <math.h>
#include <string.h>

#include "sd-sim-data.h"

#define HOUR (G_GINT64_CONSTANT (3600))
#define DAY (24 * HOUR)

struct _SdSimShop
{
  GObject parent_instance;

  GRand *rand;
  gint64 now;
  GArray *orders;       /* SdSimOrder, in created order */
  GArray *items;        /* SdSimItem, each order's lines together */
  GArray *customers;    /* SdSimCustomer, in created order */
  GArray *by_modified;  /* guint32 order indices sorted by (modified, index) */
};

G_DEFINE_FINAL_TYPE (SdSimShop, sd_sim_shop, G_TYPE_OBJECT)

static const char * const status_names[] = {
  "WAIT_BUYER_PAY", "WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED",
  "TRADE_CLOSED", "TRADE_CLOSED_BY_TAOBAO",
};

static const char * const refund_names[] = {
  "NO_REFUND", "WAIT_SELLER_AGREE", "SELLER_REFUSE_BUYER", "SUCCESS",
};

/* Orders by hour of the day (GMT+8): quiet at night, busy in the evening. */
static const guint8 hour_weights[24] = {
  3, 2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 7, 6, 6, 6, 6, 7, 8, 9, 10, 10, 8, 5,
};

static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

static SdSimOrder *
order_at (SdSimShop *self,
          guint      index)
{
  return &g_array_index (self->orders, SdSimOrder, index);
}

static SdSimItem *
item_at (SdSimShop *self,
         guint      index)
{
  return &g_array_index (self->items, SdSimItem, index);
}

static SdSimCustomer *
customer_at (SdSimShop *self,
             guint      index)
{
  return &g_array_index (self->customers, SdSimCustomer, index);
}

/* A number in [lo, hi). */
static gint64
rand_range (SdSimShop *self,
            gint64     lo,
            gint64     hi)
{
  g_assert (hi > lo);
  return lo + (gint64) (g_rand_double (self->rand) * (double) (hi - lo));
}

static guint
rand_below (SdSimShop *self,
            guint      n)
{
  return (guint) g_rand_int_range (self->rand, 0, (gint32) n);
}

static void
rand_chars (SdSimShop *self,
            char      *out,
            guint      n)
{
  for (guint i = 0; i < n; i++)
    out[i] = alnum[rand_below (self, sizeof alnum - 1)];
  out[n] = '\0';
}

/* A time in (start, now], by day and by the hour weights. */
static gint64
random_order_time (SdSimShop *self,
                   gint64     start,
                   gint64     now)
{
  gint64 local_midnight = (start + 8 * HOUR) / DAY * DAY - 8 * HOUR;
  guint n_days = (guint) ((now - local_midnight) / DAY) + 1;
  guint total = 0;

  for (guint h = 0; h < 24; h++)
    total += hour_weights[h];
  for (;;)
    {
      guint pick = rand_below (self, total), hour = 0;
      gint64 t;

      while (pick >= hour_weights[hour])
        pick -= hour_weights[hour++];
      t = local_midnight + rand_below (self, n_days) * DAY + hour * HOUR + rand_below (self, 3600);
      if (t > start && t <= now)
        return t;
    }
}

/* Taobao shows a nick as its first character, two stars and its last character. */
static void
fuzz_nick (const char *nick,
           char       *out,
           gsize       size)
{
  const char *last = g_utf8_prev_char (nick + strlen (nick));
  const char *second = g_utf8_next_char (nick);

  g_snprintf (out, size, "%.*s**%s", (int) (second - nick), nick, last);
}

static void
fill_customer (SdSimShop     *self,
               SdSimCustomer *c)
{
  const SdSimName *surname, *given;
  g_autofree char *nick = NULL;

  c->surname = (guint8) rand_below (self, sd_sim_n_surnames ());
  c->given_name = (guint8) rand_below (self, sd_sim_n_given_names ());
  c->region = (guint8) rand_below (self, sd_sim_n_regions ());
  c->has_phone = rand_below (self, 100) < 75;
  c->mobile[0] = '1';
  c->mobile[1] = "3456789"[rand_below (self, 7)];
  for (guint i = 2; i < 11; i++)
    c->mobile[i] = (char) ('0' + rand_below (self, 10));
  c->mobile[11] = '\0';
  memcpy (c->uid, "AAH", 3);
  rand_chars (self, c->uid + 3, 24);
  rand_chars (self, c->oaid, 40);

  surname = sd_sim_surname (c->surname);
  given = sd_sim_given_name (c->given_name);
  switch (rand_below (self, 3))
    {
    case 0:
      nick = g_strdup_printf ("tb%08u", rand_below (self, 100000000));
      break;
    case 1:
      nick = g_strdup_printf ("%s%s%02u", surname->pinyin, given->pinyin, rand_below (self, 100));
      break;
    default:
      nick = g_strdup (sd_sim_nick_word (rand_below (self, sd_sim_n_nick_words ())));
      break;
    }
  fuzz_nick (nick, c->nick, sizeof c->nick);
}

static guint
pick_product (SdSimShop *self)
{
  /* Cheap things sell more often than expensive ones. */
  double u = g_rand_double (self->rand);

  return MIN ((guint) (sd_sim_n_products () * pow (u, 1.6)), sd_sim_n_products () - 1);
}

static void
add_items (SdSimShop  *self,
           SdSimOrder *o)
{
  guint r = rand_below (self, 100);
  SdSimItem *first;

  o->first_item = self->items->len;
  o->n_items = r < 70 ? 1 : r < 92 ? 2 : 3;
  for (guint k = 0; k < o->n_items; k++)
    {
      SdSimItem item = { 0 };
      guint n = rand_below (self, 100);

      item.product = (guint16) pick_product (self);
      item.num = n < 85 ? 1 : n < 97 ? 2 : 3;
      item.payment_cents = sd_sim_product (item.product)->price_cents * item.num;
      g_array_append_val (self->items, item);
    }

  r = rand_below (self, 100);
  o->post_fee_cents = r < 80 ? 0 : r < 92 ? 1000 : 600;

  /* A shop coupon on the first line, in whole yuan, never the whole price. */
  first = item_at (self, o->first_item);
  if (rand_below (self, 100) >= 70)
    {
      gint32 off = first->payment_cents * (gint32) (5 + rand_below (self, 16)) / 100 / 100 * 100;

      if (off > 0 && off < first->payment_cents)
        {
          o->discount_cents = off;
          first->payment_cents -= off;
        }
    }
}

/* Paid, shipped, received — as far as the data clock lets the order get. */
static void
live_order (SdSimShop  *self,
            SdSimOrder *o,
            gint64      now)
{
  gint64 t;

  o->status = SD_SIM_STATUS_WAIT_BUYER_PAY;
  o->modified = o->created;
  if (rand_below (self, 100) < 5)
    {
      /* Never paid: Taobao closes it after a day. */
      t = o->created + DAY;
      if (t <= now)
        {
          o->status = SD_SIM_STATUS_TRADE_CLOSED_BY_TAOBAO;
          o->end_time = o->modified = t;
        }
      return;
    }
  t = o->created + rand_range (self, 10, 2 * HOUR);
  if (t > now)
    return;
  o->pay_time = o->modified = t;
  o->status = SD_SIM_STATUS_WAIT_SELLER_SEND_GOODS;
  t += rand_range (self, 2 * HOUR, 72 * HOUR);
  if (t > now)
    return;
  o->consign_time = o->modified = t;
  o->status = SD_SIM_STATUS_WAIT_BUYER_CONFIRM_GOODS;
  t += rand_range (self, 2 * DAY, 10 * DAY);
  if (t > now)
    return;
  o->end_time = o->modified = t;
  o->status = SD_SIM_STATUS_TRADE_FINISHED;
}

/* The whole order refunded before it shipped: Taobao closes the trade. */
static gboolean
refund_before_shipping (SdSimShop  *self,
                        SdSimOrder *o,
                        gint64      now)
{
  gint64 t = o->pay_time + rand_range (self, 600, DAY);

  if (t > now || (o->consign_time != 0 && t >= o->consign_time))
    return FALSE;
  for (guint k = 0; k < o->n_items; k++)
    {
      item_at (self, o->first_item + k)->refund = SD_SIM_REFUND_SUCCESS;
      item_at (self, o->first_item + k)->refund_time = t;
    }
  o->status = SD_SIM_STATUS_TRADE_CLOSED;
  o->consign_time = 0;
  o->end_time = o->modified = t;
  return TRUE;
}

/* One line refunded (or asked for, or refused) after it shipped. */
static void
refund_after_sale (SdSimShop  *self,
                   SdSimOrder *o,
                   gint64      now)
{
  SdSimItem *item = item_at (self, o->first_item + rand_below (self, o->n_items));
  gint64 t = MAX (o->consign_time, o->pay_time) + rand_range (self, HOUR, 7 * DAY);
  guint r = rand_below (self, 100);

  if (t > now)
    return;
  if (r < 75 || (r < 90 && now - t > 3 * DAY))
    item->refund = SD_SIM_REFUND_SUCCESS;
  else if (r < 90)
    item->refund = SD_SIM_REFUND_WAIT_SELLER_AGREE;
  else
    item->refund = SD_SIM_REFUND_SELLER_REFUSE_BUYER;
  item->refund_time = t;
  o->modified = MAX (o->modified, t);
}

static void
fill_order (SdSimShop  *self,
            SdSimOrder *o,
            gint64      created,
            guint32     customer,
            gint64      now)
{
  memset (o, 0, sizeof *o);
  o->created = created;
  o->customer = customer;
  o->tid_as_string = rand_below (self, 2);
  o->oid_as_string = rand_below (self, 2);
  add_items (self, o);
  live_order (self, o, now);
  if (o->pay_time == 0 || rand_below (self, 100) >= 8)
    return;
  if (rand_below (self, 100) < 40 && refund_before_shipping (self, o, now))
    return;
  if (o->consign_time != 0)
    refund_after_sale (self, o, now);
}

static int
compare_time (gconstpointer a,
              gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  gint64 created;
  guint32 slot;
} SlotTime;

static int
compare_slot_time (gconstpointer a,
                   gconstpointer b)
{
  const SlotTime *x = a, *y = b;

  if (x->created != y->created)
    return (x->created > y->created) - (x->created < y->created);
  return (x->slot > y->slot) - (x->slot < y->slot);
}

static int
compare_by_modified (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  SdSimShop *self = user_data;
  guint32 i = *(const guint32 *) a, j = *(const guint32 *) b;
  gint64 x = order_at (self, i)->modified, y = order_at (self, j)->modified;

  if (x != y)
    return (x > y) - (x < y);
  return (i > j) - (i < j);
}

/* Who places each order: a few customers place many, many place one or none. Customers are
 * drawn as slots first; once their first order is known they get a creation time, and are
 * numbered in the order they were created (Shopify's ids grow with time). */
static guint32 *
assign_customers (SdSimShop    *self,
                  const gint64 *created,
                  guint         n_orders,
                  guint         n_customers,
                  gint64        start)
{
  g_autofree guint32 *perm = g_new (guint32, n_customers);
  g_autofree SlotTime *slots = g_new (SlotTime, n_customers);
  g_autofree guint32 *final = g_new (guint32, n_customers);
  g_autofree gint64 *last = g_new0 (gint64, n_customers);
  guint32 *customer_of = g_new (guint32, n_orders);

  for (guint i = 0; i < n_customers; i++)
    {
      guint j = rand_below (self, i + 1);

      perm[i] = perm[j];
      perm[j] = i;
      slots[i].slot = i;
      slots[i].created = G_MAXINT64;
    }
  for (guint i = 0; i < n_orders; i++)
    {
      guint rank = MIN ((guint) (n_customers * pow (g_rand_double (self->rand), 1.35)),
                        n_customers - 1);
      guint32 slot = perm[rank];

      customer_of[i] = slot;
      slots[slot].created = MIN (slots[slot].created, created[i]);
      last[slot] = MAX (last[slot], created[i]);
    }
  for (guint i = 0; i < n_customers; i++)
    {
      if (slots[i].created != G_MAXINT64)
        slots[i].created -= rand_range (self, 0, 60 * DAY);
      else
        slots[i].created = rand_range (self, start - 180 * DAY, self->now) + 1;
    }
  qsort (slots, n_customers, sizeof *slots, compare_slot_time);

  g_array_set_size (self->customers, n_customers);
  for (guint i = 0; i < n_customers; i++)
    {
      SdSimCustomer *c = customer_at (self, i);

      final[slots[i].slot] = i;
      c->created = slots[i].created;
      c->updated = MAX (c->created, last[slots[i].slot]);
      fill_customer (self, c);
    }
  for (guint i = 0; i < n_orders; i++)
    customer_of[i] = final[customer_of[i]];
  return customer_of;
}

static void
generate (SdSimShop             *self,
          const SdSimShopParams *params)
{
  gint64 start = params->now - (gint64) params->days * DAY;
  g_autofree gint64 *created = g_new (gint64, MAX (params->n_orders, 1));
  g_autofree guint32 *customer_of = NULL;

  for (guint i = 0; i < params->n_orders; i++)
    created[i] = random_order_time (self, start, params->now);
  qsort (created, params->n_orders, sizeof *created, compare_time);
  customer_of = assign_customers (self, created, params->n_orders, params->n_customers, start);

  g_array_set_size (self->orders, params->n_orders);
  g_array_set_size (self->by_modified, params->n_orders);
  for (guint i = 0; i < params->n_orders; i++)
    {
      fill_order (self, order_at (self, i), created[i], customer_of[i], params->now);
      g_array_index (self->by_modified, guint32, i) = i;
    }
  g_array_sort_with_data (self->by_modified, compare_by_modified, self);
}

typedef gint64 (*KeyFunc) (SdSimShop *self,
                           guint      i);

static gint64
order_created_key (SdSimShop *self,
                   guint      i)
{
  return order_at (self, i)->created;
}

static gint64
customer_created_key (SdSimShop *self,
                      guint      i)
{
  return customer_at (self, i)->created;
}

static gint64
modified_key (SdSimShop *self,
              guint      i)
{
  return order_at (self, g_array_index (self->by_modified, guint32, i))->modified;
}

/* The first i in [0, n) whose key is above @value; keys are sorted ascending. */
static guint
first_above (SdSimShop *self,
             guint      n,
             KeyFunc    key,
             gint64     value)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (key (self, mid) > value)
        hi = mid;
      else
        lo = mid + 1;
    }
  return lo;
}

/* [lo, hi): the positions whose key is in [start, end], both ends included. */
static void
key_range (SdSimShop *self,
           guint      n,
           KeyFunc    key,
           gint64     start,
           gint64     end,
           guint     *out_lo,
           guint     *out_hi)
{
  *out_lo = start == G_MININT64 ? 0 : first_above (self, n, key, start - 1);
  *out_hi = MAX (*out_lo, first_above (self, n, key, end));
}

/* Where order @index sits in the modified index. */
static guint
modified_position (SdSimShop *self,
                   guint32    index)
{
  guint lo = 0, hi = self->by_modified->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_by_modified (&g_array_index (self->by_modified, guint32, mid), &index, self) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_assert (lo < self->by_modified->len && g_array_index (self->by_modified, guint32, lo) == index);
  return lo;
}

static void
set_modified (SdSimShop *self,
              guint32    index,
              gint64     modified)
{
  guint pos = modified_position (self, index);

  g_array_remove_index (self->by_modified, pos);
  order_at (self, index)->modified = modified;
  pos = self->by_modified->len;
  while (pos > 0 && compare_by_modified (&g_array_index (self->by_modified, guint32, pos - 1),
                                         &index, self) > 0)
    pos--;    /* a changed order lands at the end or very near it */
  g_array_insert_val (self->by_modified, pos, index);
}

static gboolean
resolve_refund (SdSimShop  *self,
                SdSimOrder *o)
{
  gboolean all_refunded = TRUE, resolved = FALSE;

  for (guint k = 0; k < o->n_items; k++)
    {
      SdSimItem *item = item_at (self, o->first_item + k);

      if (!resolved && item->refund == SD_SIM_REFUND_WAIT_SELLER_AGREE)
        {
          item->refund = rand_below (self, 100) < 80 ? SD_SIM_REFUND_SUCCESS
                                                     : SD_SIM_REFUND_SELLER_REFUSE_BUYER;
          resolved = TRUE;
        }
      all_refunded &= item->refund == SD_SIM_REFUND_SUCCESS;
    }
  if (resolved && all_refunded && o->status == SD_SIM_STATUS_WAIT_SELLER_SEND_GOODS)
    {
      o->status = SD_SIM_STATUS_TRADE_CLOSED;
      o->end_time = self->now;
    }
  return resolved;
}

static gboolean
ask_refund (SdSimShop  *self,
            SdSimOrder *o)
{
  for (guint k = 0; k < o->n_items; k++)
    {
      SdSimItem *item = item_at (self, o->first_item + k);

      if (item->refund == SD_SIM_REFUND_NONE)
        {
          item->refund = SD_SIM_REFUND_WAIT_SELLER_AGREE;
          item->refund_time = self->now;
          return TRUE;
        }
    }
  return FALSE;
}

/* The next thing that happens to an order: a pending refund is decided, or it is paid,
 * shipped, received, or a line of a finished order is asked back. FALSE: nothing can. */
static gboolean
move_order_on (SdSimShop *self,
               guint32    index)
{
  SdSimOrder *o = order_at (self, index);

  if (resolve_refund (self, o))
    return TRUE;
  switch ((SdSimStatus) o->status)
    {
    case SD_SIM_STATUS_WAIT_BUYER_PAY:
      o->pay_time = self->now;
      o->status = SD_SIM_STATUS_WAIT_SELLER_SEND_GOODS;
      return TRUE;
    case SD_SIM_STATUS_WAIT_SELLER_SEND_GOODS:
      o->consign_time = self->now;
      o->status = SD_SIM_STATUS_WAIT_BUYER_CONFIRM_GOODS;
      return TRUE;
    case SD_SIM_STATUS_WAIT_BUYER_CONFIRM_GOODS:
      o->end_time = self->now;
      o->status = SD_SIM_STATUS_TRADE_FINISHED;
      return TRUE;
    case SD_SIM_STATUS_TRADE_FINISHED:
      return ask_refund (self, o);
    case SD_SIM_STATUS_TRADE_CLOSED:
    case SD_SIM_STATUS_TRADE_CLOSED_BY_TAOBAO:
    default:
      return FALSE;
    }
}

/* Half the time one of the newest twentieth (they still have a life ahead), else any. */
static guint32
pick_order (SdSimShop *self,
            guint      n_candidates)
{
  guint recent = MAX (n_candidates / 20, 1);

  if (rand_below (self, 2) == 0)
    return n_candidates - 1 - rand_below (self, recent);
  return rand_below (self, n_candidates);
}

static void
dispose_shop (SdSimShop *self)
{
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->orders, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->customers, g_array_unref);
  g_clear_pointer (&self->by_modified, g_array_unref);
}

static void
sd_sim_shop_finalize (GObject *object)
{
  dispose_shop (SD_SIM_SHOP (object));
  G_OBJECT_CLASS (sd_sim_shop_parent_class)->finalize (object);
}

static void
sd_sim_shop_class_init (SdSimShopClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_sim_shop_finalize;
}

static void
sd_sim_shop_init (SdSimShop *self)
{
  self->orders = g_array_new (FALSE, TRUE, sizeof (SdSimOrder));
  self->items = g_array_new (FALSE, TRUE, sizeof (SdSimItem));
  self->customers = g_array_new (FALSE, TRUE, sizeof (SdSimCustomer));
  self->by_modified = g_array_new (FALSE, TRUE, sizeof (guint32));
}

const char *
sd_sim_status_name (SdSimStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

const char *
sd_sim_refund_name (SdSimRefund refund)
{
  g_return_val_if_fail (refund < G_N_ELEMENTS (refund_names), NULL);
  return refund_names[refund];
}

SdSimShop *
sd_sim_shop_new (const SdSimShopParams *params)
{
  SdSimShop *self;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (params->n_customers > 0, NULL);
  g_return_val_if_fail (params->days > 0, NULL);

  self = g_object_new (SD_SIM_TYPE_SHOP, NULL);
  self->rand = g_rand_new_with_seed (params->seed);
  self->now = params->now;
  generate (self, params);
  return self;
}

gint64
sd_sim_shop_get_now (SdSimShop *self)
{
  g_return_val_if_fail (SD_SIM_IS_SHOP (self), 0);
  return self->now;
}

guint
sd_sim_shop_get_n_orders (SdSimShop *self)
{
  g_return_val_if_fail (SD_SIM_IS_SHOP (self), 0);
  return self->orders->len;
}

guint
sd_sim_shop_get_n_customers (SdSimShop *self)
{
  g_return_val_if_fail (SD_SIM_IS_SHOP (self), 0);
  return self->customers->len;
}

const SdSimOrder *
sd_sim_shop_get_order (SdSimShop *self,
                       guint      index)
{
  g_return_val_if_fail (index < self->orders->len, NULL);
  return order_at (self, index);
}

const SdSimItem *
sd_sim_shop_get_item (SdSimShop *self,
                      guint      index)
{
  g_return_val_if_fail (index < self->items->len, NULL);
  return item_at (self, index);
}

const SdSimCustomer *
sd_sim_shop_get_customer (SdSimShop *self,
                          guint      index)
{
  g_return_val_if_fail (index < self->customers->len, NULL);
  return customer_at (self, index);
}

typedef gint64 (*ItemAmount) (const SdSimItem *item);

static gint64
sum_items (SdSimShop        *self,
           const SdSimOrder *order,
           ItemAmount        amount)
{
  gint64 sum = 0;

  for (guint k = 0; k < order->n_items; k++)
    sum += amount (item_at (self, order->first_item + k));
  return sum;
}

static gint64
item_list_total (const SdSimItem *item)
{
  return (gint64) sd_sim_product (item->product)->price_cents * item->num;
}

static gint64
item_payment (const SdSimItem *item)
{
  return item->payment_cents;
}

static gint64
item_refunded (const SdSimItem *item)
{
  return item->refund == SD_SIM_REFUND_SUCCESS ? item->payment_cents : 0;
}

/* The lines at list price: what Taobao calls total_fee. */
gint64
sd_sim_shop_order_total_fee (SdSimShop        *self,
                             const SdSimOrder *order)
{
  return sum_items (self, order, item_list_total);
}

/* What the buyer pays: the lines after discount, plus postage. */
gint64
sd_sim_shop_order_payment (SdSimShop        *self,
                           const SdSimOrder *order)
{
  return order->post_fee_cents + sum_items (self, order, item_payment);
}

/* What went back to the buyer: the lines whose refund succeeded. */
gint64
sd_sim_shop_order_refunded (SdSimShop        *self,
                            const SdSimOrder *order)
{
  return sum_items (self, order, item_refunded);
}

/* The orders created in [start, end]: indices [lo, hi). */
void
sd_sim_shop_created_range (SdSimShop *self,
                           gint64     start,
                           gint64     end,
                           guint     *out_lo,
                           guint     *out_hi)
{
  key_range (self, self->orders->len, order_created_key, start, end, out_lo, out_hi);
}

/* The customers created in [start, end]: indices [lo, hi). */
void
sd_sim_shop_customer_created_range (SdSimShop *self,
                                    gint64     start,
                                    gint64     end,
                                    guint     *out_lo,
                                    guint     *out_hi)
{
  key_range (self, self->customers->len, customer_created_key, start, end, out_lo, out_hi);
}

/* The orders modified in [start, end]: positions [lo, hi) for sd_sim_shop_by_modified (). */
void
sd_sim_shop_modified_range (SdSimShop *self,
                            gint64     start,
                            gint64     end,
                            guint     *out_lo,
                            guint     *out_hi)
{
  key_range (self, self->by_modified->len, modified_key, start, end, out_lo, out_hi);
}

guint
sd_sim_shop_by_modified (SdSimShop *self,
                         guint      position)
{
  g_return_val_if_fail (position < self->by_modified->len, 0);
  return g_array_index (self->by_modified, guint32, position);
}

/* Moves the data clock @seconds on, never past @real_now; returns the new clock. */
gint64
sd_sim_shop_advance (SdSimShop *self,
                     gint64     seconds,
                     gint64     real_now)
{
  g_return_val_if_fail (SD_SIM_IS_SHOP (self), 0);
  g_return_val_if_fail (seconds >= 0, self->now);

  self->now = MAX (self->now, MIN (self->now + seconds, real_now));
  return self->now;
}

/* @count new orders at the data clock, a third by new customers; their indices are appended
 * to @out_indices if given. Half are paid at once, the rest wait for payment. */
void
sd_sim_shop_create_orders (SdSimShop *self,
                           guint      count,
                           GArray    *out_indices)
{
  g_return_if_fail (SD_SIM_IS_SHOP (self));

  for (guint i = 0; i < count; i++)
    {
      guint32 index = self->orders->len, customer;
      SdSimOrder o;
      SdSimCustomer *c;

      if (rand_below (self, 3) == 0)
        {
          SdSimCustomer fresh = { 0 };

          fresh.created = self->now;
          fill_customer (self, &fresh);
          g_array_append_val (self->customers, fresh);
          customer = self->customers->len - 1;
        }
      else
        customer = rand_below (self, self->customers->len);
      c = customer_at (self, customer);
      c->updated = self->now;

      fill_order (self, &o, self->now, customer, self->now);
      if (rand_below (self, 2) == 0 && o.status == SD_SIM_STATUS_WAIT_BUYER_PAY)
        {
          o.pay_time = self->now;
          o.status = SD_SIM_STATUS_WAIT_SELLER_SEND_GOODS;
        }
      g_array_append_val (self->orders, o);
      g_array_append_val (self->by_modified, index);  /* modified = now: last */
      if (out_indices != NULL)
        g_array_append_val (out_indices, index);
    }
}

/* @count distinct orders among the first @n_candidates move on at the data clock (see
 * move_order_on); where none can, an order is touched (a seller memo, say): only its
 * modified time changes. Their indices are appended to @out_indices if given. */
void
sd_sim_shop_modify_orders (SdSimShop *self,
                           guint      count,
                           guint      n_candidates,
                           GArray    *out_indices)
{
  g_autoptr(GHashTable) done = g_hash_table_new (NULL, NULL);
  guint attempts = 0;

  g_return_if_fail (SD_SIM_IS_SHOP (self));

  n_candidates = MIN (n_candidates, self->orders->len);
  count = MIN (count, n_candidates);
  while (g_hash_table_size (done) < count)
    {
      guint32 index = pick_order (self, n_candidates);

      if (g_hash_table_contains (done, GUINT_TO_POINTER (index)))
        continue;
      if (attempts++ < 8 * count && !move_order_on (self, index))
        continue;
      g_hash_table_add (done, GUINT_TO_POINTER (index));
      set_modified (self, index, self->now);
      if (out_indices != NULL)
        g_array_append_val (out_indices, index);
    }
}
