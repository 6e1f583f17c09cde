/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sd-address.h"
#include "sd-demo.h"

/* 2024-06-01 00:00:00 UTC */
#define NOW ((gint64) 1717200000)
#define TWO_YEARS ((gint64) 730 * 24 * 60 * 60)

static void
checksum_customer (GChecksum        *checksum,
                   const SdCustomer *customer)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%" G_GINT64_FORMAT "|%s|%s|%s|%s|%d|%s|%d|%s|%s|%s|%s|%s|%s|%"
                          G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s",
                          customer->id, customer->platform, customer->nick, customer->name,
                          customer->phone, customer->phone_state, customer->email, customer->gender,
                          customer->birthday, customer->province, customer->city, customer->district,
                          customer->address, customer->source, customer->created_at,
                          customer->updated_at, customer->sms_opt_out_at, customer->sms_opt_out_reason);
  for (guint i = 0; i < customer->tags->len; i++)
    g_string_append_printf (text, "|%s", (const char *) g_ptr_array_index (customer->tags, i));
  g_string_append_c (text, '\n');
  g_checksum_update (checksum, (const guchar *) text->str, (gssize) text->len);
}

static void
checksum_order (GChecksum     *checksum,
                const SdOrder *order)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s|%" G_GINT64_FORMAT
                          "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s",
                          order->platform, order->platform_order_id, order->customer_id,
                          order->amount_cents, order->status, order->created_at, order->paid_at,
                          order->modified_at, order->refund_state);
  for (guint i = 0; i < order->items->len; i++)
    {
      const SdOrderItem *item = g_ptr_array_index (order->items, i);

      g_string_append_printf (text, "|%s×%" G_GINT64_FORMAT "@%" G_GINT64_FORMAT,
                              item->title, item->quantity, item->unit_price_cents);
    }
  g_string_append_c (text, '\n');
  g_checksum_update (checksum, (const guchar *) text->str, (gssize) text->len);
}

/* A digest over every field of every record of a shop. */
static char *
shop_digest (guint64 seed,
             guint   n_customers,
             guint   n_orders)
{
  g_autoptr(SdDemo) demo = sd_demo_new (seed, n_customers, n_orders, NOW);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  for (;;)
    {
      g_autoptr(SdCustomer) customer = sd_demo_next_customer (demo);

      if (customer == NULL)
        break;
      checksum_customer (checksum, customer);
    }
  for (;;)
    {
      g_autoptr(SdOrder) order = sd_demo_next_order (demo);

      if (order == NULL)
        break;
      checksum_order (checksum, order);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

static void
test_same_seed_same_shop (void)
{
  g_autoptr(SdDemo) a = sd_demo_new (42, 3000, 12000, NOW);
  g_autoptr(SdDemo) b = sd_demo_new (42, 3000, 12000, NOW);

  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(SdCustomer) x = sd_demo_next_customer (a);
      g_autoptr(SdCustomer) y = sd_demo_next_customer (b);

      g_assert_cmpint (x->id, ==, y->id);
      g_assert_cmpstr (x->nick, ==, y->nick);
      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->phone, ==, y->phone);
      g_assert_cmpstr (x->email, ==, y->email);
      g_assert_cmpstr (x->birthday, ==, y->birthday);
      g_assert_cmpstr (x->province, ==, y->province);
      g_assert_cmpstr (x->city, ==, y->city);
      g_assert_cmpstr (x->district, ==, y->district);
      g_assert_cmpstr (x->address, ==, y->address);
      g_assert_cmpint (x->created_at, ==, y->created_at);
      g_assert_cmpuint (x->tags->len, ==, y->tags->len);
    }
  for (guint i = 0; i < 12000; i++)
    {
      g_autoptr(SdOrder) x = sd_demo_next_order (a);
      g_autoptr(SdOrder) y = sd_demo_next_order (b);

      g_assert_cmpstr (x->platform_order_id, ==, y->platform_order_id);
      g_assert_cmpint (x->customer_id, ==, y->customer_id);
      g_assert_cmpint (x->amount_cents, ==, y->amount_cents);
      g_assert_cmpint (x->created_at, ==, y->created_at);
      g_assert_cmpint (x->paid_at, ==, y->paid_at);
      g_assert_cmpstr (x->status, ==, y->status);
      g_assert_cmpuint (x->items->len, ==, y->items->len);
    }

  {
    g_autofree char *first = shop_digest (42, 500, 2000);
    g_autofree char *second = shop_digest (42, 500, 2000);

    g_assert_cmpstr (first, ==, second);
  }
}

static void
test_golden (void)
{
  g_autofree char *digest = shop_digest (20240601, 300, 1500);

  /* The same seed gives the same bytes on every machine, compiler and GLib: a change here
   * means the generator changed, and every benchmark and screenshot built on it with it. */
  g_test_message ("digest %s", digest);
  g_assert_cmpstr (digest, ==, "f6e1fae9f46ea42eadcea87f49aab91f683e5bf3412db96872e5f04cc35a12b8");
}

static void
test_other_seed_other_shop (void)
{
  g_autoptr(SdDemo) a = sd_demo_new (1, 200, 400, NOW);
  g_autoptr(SdDemo) b = sd_demo_new (2, 200, 400, NOW);
  guint same_nick = 0;
  guint same_order = 0;

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(SdCustomer) x = sd_demo_next_customer (a);
      g_autoptr(SdCustomer) y = sd_demo_next_customer (b);

      same_nick += strcmp (x->nick, y->nick) == 0;
    }
  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(SdOrder) x = sd_demo_next_order (a);
      g_autoptr(SdOrder) y = sd_demo_next_order (b);

      same_order += strcmp (x->platform_order_id, y->platform_order_id) == 0;
    }
  g_assert_cmpuint (same_nick, <, 10);
  g_assert_cmpuint (same_order, ==, 0);
  {
    g_autofree char *first = shop_digest (1, 100, 300);
    g_autofree char *second = shop_digest (2, 100, 300);

    g_assert_cmpstr (first, !=, second);
  }
}

static void
test_counts (void)
{
  static const struct { guint customers; guint orders; } shops[] = {
    { 1000, 5000 }, { 1, 7 }, { 10, 3 }, { 50, 0 }, { 7, 7 },
  };

  for (guint s = 0; s < G_N_ELEMENTS (shops); s++)
    {
      g_autoptr(SdDemo) demo = sd_demo_new (s, shops[s].customers, shops[s].orders, NOW);
      guint n = 0;

      for (;;)
        {
          g_autoptr(SdCustomer) customer = sd_demo_next_customer (demo);

          if (customer == NULL)
            break;
          g_assert_cmpint (customer->id, ==, (gint64) n + 1);
          n++;
        }
      g_assert_cmpuint (n, ==, shops[s].customers);
      g_assert_null (sd_demo_next_customer (demo));

      n = 0;
      for (;;)
        {
          g_autoptr(SdOrder) order = sd_demo_next_order (demo);

          if (order == NULL)
            break;
          g_assert_cmpint (order->customer_id, >=, 1);
          g_assert_cmpint (order->customer_id, <=, shops[s].customers);
          n++;
        }
      g_assert_cmpuint (n, ==, shops[s].orders);
      g_assert_null (sd_demo_next_order (demo));
    }

  {
    /* No customers: no orders either, they would have no one to belong to. */
    g_autoptr(SdDemo) demo = sd_demo_new (1, 0, 10, NOW);

    g_assert_null (sd_demo_next_customer (demo));
    g_assert_null (sd_demo_next_order (demo));
  }
}

static void
test_nicks_unique (void)
{
  g_autoptr(SdDemo) demo = sd_demo_new (7, 100000, 0, NOW);
  g_autoptr(GHashTable) nicks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint chinese = 0;
  guint tb = 0;
  guint n = 0;

  for (;;)
    {
      SdCustomer *customer = sd_demo_next_customer (demo);

      if (customer == NULL)
        break;
      g_assert_cmpstr (customer->nick, !=, "");
      g_assert_true (g_utf8_validate (customer->nick, -1, NULL));
      g_assert_false (g_hash_table_contains (nicks, customer->nick));
      if ((guchar) customer->nick[0] >= 0x80)
        chinese++;
      if (g_str_has_prefix (customer->nick, "tb"))
        tb++;
      g_hash_table_add (nicks, g_steal_pointer (&customer->nick));
      sd_customer_free (customer);
      n++;
    }
  g_assert_cmpuint (n, ==, 100000);
  g_assert_cmpuint (g_hash_table_size (nicks), ==, 100000);
  /* A mix of styles. */
  g_assert_cmpuint (chinese, >, 20000);
  g_assert_cmpuint (chinese, <, 40000);
  g_assert_cmpuint (tb, >, 10000);
  g_assert_cmpuint (tb, <, 30000);
}

static gboolean
is_mobile_prefix (const char *digits)
{
  static const char * const prefixes[] = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147",
    "150", "151", "152", "153", "155", "156", "157", "158", "159", "166",
    "170", "171", "172", "173", "174", "175", "176", "177", "178",
    "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199",
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (strncmp (digits, prefixes[i], 3) == 0)
      return TRUE;
  return FALSE;
}

static void
test_customers (void)
{
  const guint n_customers = 20000;
  g_autoptr(SdDemo) demo = sd_demo_new (11, n_customers, 0, NOW);
  g_autoptr(GHashTable) provinces = g_hash_table_new (g_str_hash, g_str_equal);
  guint two_characters = 0;
  guint valid = 0;
  guint masked = 0;
  guint none = 0;
  guint tagged = 0;
  guint opted_out = 0;
  guint with_email = 0;
  guint with_birthday = 0;
  guint guangdong = 0;
  guint qinghai = 0;

  for (;;)
    {
      g_autoptr(SdCustomer) customer = sd_demo_next_customer (demo);
      glong name_len;

      if (customer == NULL)
        break;

      name_len = g_utf8_strlen (customer->name, -1);
      g_assert_cmpint (name_len, >=, 2);
      g_assert_cmpint (name_len, <=, 4);
      two_characters += name_len == 2;

      switch (customer->phone_state)
        {
        case SD_PHONE_VALID:
          g_assert_true (g_str_has_prefix (customer->phone, "+861"));
          g_assert_cmpuint (strlen (customer->phone), ==, 14);
          for (const char *p = customer->phone + 1; *p; p++)
            g_assert_true (g_ascii_isdigit (*p));
          g_assert_true (is_mobile_prefix (customer->phone + 3));
          valid++;
          break;
        case SD_PHONE_MASKED:
          g_assert_cmpuint (strlen (customer->phone), ==, 11);
          g_assert_true (is_mobile_prefix (customer->phone));
          g_assert_cmpint (strncmp (customer->phone + 3, "****", 4), ==, 0);
          masked++;
          break;
        case SD_PHONE_NONE:
          g_assert_cmpstr (customer->phone, ==, "");
          none++;
          break;
        case SD_PHONE_INVALID:
        default:
          g_assert_not_reached ();
        }

      /* Places are the canonical names of the division data. */
      g_assert_cmpstr (sd_address_canonical_province (customer->province), ==, customer->province);
      {
        g_autofree char *line = g_strdup_printf ("%s %s %s %s", customer->province, customer->city,
                                                 customer->district, customer->address);
        g_autoptr(SdAddress) address = sd_address_split (line);

        g_assert_cmpstr (address->province, ==, customer->province);
        g_assert_cmpstr (address->city, ==, customer->city);
        g_assert_cmpstr (address->district, ==, customer->district);
        g_assert_cmpstr (customer->address, !=, "");
      }
      g_hash_table_add (provinces, (gpointer) sd_address_canonical_province (customer->province));
      guangdong += strcmp (customer->province, "广东省") == 0;
      qinghai += strcmp (customer->province, "青海省") == 0;

      if (customer->email[0] != '\0')
        {
          g_assert_nonnull (strchr (customer->email, '@'));
          with_email++;
        }
      if (customer->birthday[0] != '\0')
        {
          g_autoptr(GDateTime) date = NULL;
          g_autofree char *iso = g_strconcat (customer->birthday, "T00:00:00Z", NULL);

          date = g_date_time_new_from_iso8601 (iso, NULL);
          g_assert_nonnull (date);
          with_birthday++;
        }

      g_assert_cmpstr (customer->source, ==, "demo");
      g_assert_cmpstr (customer->platform, ==, "taobao");
      g_assert_cmpint (customer->created_at, >, NOW - TWO_YEARS - 7 * 24 * 3600);
      g_assert_cmpint (customer->created_at, <, NOW);
      g_assert_cmpint (customer->updated_at, >=, customer->created_at);
      tagged += customer->tags->len > 0;
      if (customer->sms_opt_out_at != 0)
        {
          g_assert_cmpint (customer->sms_opt_out_at, >=, customer->created_at);
          g_assert_cmpint (customer->sms_opt_out_at, <=, NOW);
          g_assert_cmpstr (customer->sms_opt_out_reason, !=, "");
          opted_out++;
        }
      else
        {
          g_assert_cmpstr (customer->sms_opt_out_reason, ==, "");
        }
    }

  g_test_message ("two-character names %u, masked %u, no phone %u, tagged %u, opted out %u",
                  two_characters, masked, none, tagged, opted_out);
  /* Two-character names (王伟, 李娜) are frequent: a quarter to a third. */
  g_assert_cmpuint (two_characters, >, n_customers * 20 / 100);
  g_assert_cmpuint (two_characters, <, n_customers * 40 / 100);
  g_assert_cmpuint (masked, >, n_customers * 15 / 1000);
  g_assert_cmpuint (masked, <, n_customers * 50 / 1000);
  g_assert_cmpuint (none, >, n_customers * 5 / 1000);
  g_assert_cmpuint (none, <, n_customers * 40 / 1000);
  g_assert_cmpuint (valid + masked + none, ==, n_customers);
  g_assert_cmpuint (tagged, >, n_customers * 5 / 100);
  g_assert_cmpuint (tagged, <, n_customers * 40 / 100);
  g_assert_cmpuint (opted_out, >, n_customers * 10 / 1000);
  g_assert_cmpuint (opted_out, <, n_customers * 35 / 1000);
  g_assert_cmpuint (with_email, >, n_customers / 10);
  g_assert_cmpuint (with_email, <, n_customers / 2);
  g_assert_cmpuint (with_birthday, >, n_customers / 5);
  g_assert_cmpuint (with_birthday, <, n_customers * 6 / 10);
  g_assert_cmpuint (g_hash_table_size (provinces), >=, 30);
  g_assert_cmpuint (guangdong, >, qinghai * 10);
}

static gboolean
is_coupon (gint64 discount)
{
  return discount == 0 || discount == 500 || discount == 1000 || discount == 2000 || discount == 5000;
}

static void
test_orders (void)
{
  const guint n_customers = 20000;
  const guint n_orders = 100000;
  g_autoptr(SdDemo) demo = sd_demo_new (5, n_customers, n_orders, NOW);
  g_autoptr(GHashTable) order_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree gint64 *created = g_new0 (gint64, n_customers + 1);
  g_autofree guint *counts = g_new0 (guint, n_customers + 1);
  gint64 last = G_MININT64;
  guint finished = 0;
  guint refunded = 0;
  guint unpaid = 0;
  guint discounted = 0;
  guint without_orders = 0;
  guint one_to_three = 0;
  guint most = 0;

  for (;;)
    {
      g_autoptr(SdCustomer) customer = sd_demo_next_customer (demo);

      if (customer == NULL)
        break;
      created[customer->id] = customer->created_at;
    }

  for (;;)
    {
      g_autoptr(SdOrder) order = sd_demo_next_order (demo);
      gint64 sum = 0;
      gsize id_len;

      if (order == NULL)
        break;

      g_assert_cmpint (order->customer_id, >=, 1);
      g_assert_cmpint (order->customer_id, <=, n_customers);
      g_assert_cmpint (order->created_at, >=, last);
      g_assert_cmpint (order->created_at, >=, NOW - TWO_YEARS);
      g_assert_cmpint (order->created_at, <, NOW);
      g_assert_cmpint (order->created_at, >=, created[order->customer_id]);
      last = order->created_at;
      counts[order->customer_id]++;

      id_len = strlen (order->platform_order_id);
      g_assert_cmpuint (id_len, >=, 18);
      g_assert_cmpuint (id_len, <=, 19);
      g_assert_true (order->platform_order_id[0] != '0');
      for (const char *p = order->platform_order_id; *p; p++)
        g_assert_true (g_ascii_isdigit (*p));
      g_assert_false (g_hash_table_contains (order_ids, order->platform_order_id));
      g_hash_table_add (order_ids, g_strdup (order->platform_order_id));

      g_assert_cmpuint (order->items->len, >=, 1);
      g_assert_cmpuint (order->items->len, <=, 3);
      for (guint i = 0; i < order->items->len; i++)
        {
          const SdOrderItem *item = g_ptr_array_index (order->items, i);

          g_assert_cmpstr (item->title, !=, "");
          g_assert_cmpint (item->quantity, >=, 1);
          g_assert_cmpint (item->unit_price_cents, >=, 990);
          g_assert_cmpint (item->unit_price_cents, <=, 129900);
          sum += item->quantity * item->unit_price_cents;
        }
      g_assert_cmpint (order->amount_cents, >=, 0);
      g_assert_cmpint (order->amount_cents, <=, sum);
      g_assert_true (is_coupon (sum - order->amount_cents));
      discounted += sum != order->amount_cents;

      g_assert_nonnull (sd_order_status_normalize (order->status));
      if (sd_order_status_counts (order->status, order->paid_at) || strcmp (order->status, "TRADE_CLOSED") == 0)
        {
          g_assert_cmpint (order->paid_at, >=, order->created_at);
          g_assert_cmpint (order->paid_at, <=, NOW);
        }
      else
        {
          g_assert_cmpint (order->paid_at, ==, 0);
          unpaid++;
        }
      g_assert_cmpint (order->modified_at, <=, NOW);
      finished += strcmp (order->status, "TRADE_FINISHED") == 0;
      g_assert_nonnull (sd_order_refund_normalize (order->refund_state));
      if (sd_order_refund_counts (order->refund_state))
        {
          g_assert_cmpint (order->paid_at, >, 0);
          refunded++;
        }
    }

  for (guint i = 1; i <= n_customers; i++)
    {
      without_orders += counts[i] == 0;
      one_to_three += counts[i] >= 1 && counts[i] <= 3;
      most = MAX (most, counts[i]);
    }
  g_test_message ("finished %u refunded %u unpaid %u discounted %u; customers without orders %u, "
                  "with 1-3 %u, most %u", finished, refunded, unpaid, discounted, without_orders,
                  one_to_three, most);
  g_assert_cmpuint (g_hash_table_size (order_ids), ==, n_orders);
  g_assert_cmpuint (finished, >, n_orders * 80 / 100);
  g_assert_cmpuint (refunded, >, n_orders * 15 / 1000);
  g_assert_cmpuint (refunded, <, n_orders * 50 / 1000);
  g_assert_cmpuint (unpaid, >, 0);
  g_assert_cmpuint (unpaid, <, n_orders * 5 / 100);
  g_assert_cmpuint (discounted, >, 0);
  /* About a tenth never buy, most buy a few times, a long tail buys dozens of times. */
  g_assert_cmpuint (without_orders, ==, n_customers / 10);
  g_assert_cmpuint (one_to_three, >, n_customers / 2);
  g_assert_cmpuint (most, >=, 24);
}

static void
test_recent_orders (void)
{
  g_autoptr(SdDemo) demo = sd_demo_new (3, 2000, 20000, NOW);
  guint waiting = 0;
  guint recent = 0;

  for (;;)
    {
      g_autoptr(SdOrder) order = sd_demo_next_order (demo);

      if (order == NULL)
        break;
      if (NOW - order->created_at > 12 * 3600)
        {
          g_assert_cmpstr (order->status, !=, "WAIT_BUYER_PAY");
          continue;
        }
      recent++;
      waiting += strcmp (order->status, "WAIT_SELLER_SEND_GOODS") == 0 ||
                 strcmp (order->status, "WAIT_BUYER_PAY") == 0;
      g_assert_cmpstr (order->status, !=, "TRADE_FINISHED");
    }
  g_assert_cmpuint (recent, >, 0);
  g_assert_cmpuint (waiting, ==, recent);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/demo/same-seed-same-shop", test_same_seed_same_shop);
  g_test_add_func ("/core/demo/golden", test_golden);
  g_test_add_func ("/core/demo/other-seed-other-shop", test_other_seed_other_shop);
  g_test_add_func ("/core/demo/counts", test_counts);
  g_test_add_func ("/core/demo/nicks-unique", test_nicks_unique);
  g_test_add_func ("/core/demo/customers", test_customers);
  g_test_add_func ("/core/demo/orders", test_orders);
  g_test_add_func ("/core/demo/recent-orders", test_recent_orders);

  return g_test_run ();
}
