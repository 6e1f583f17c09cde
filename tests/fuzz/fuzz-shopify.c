/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the Shopify answer mapping: arbitrary bytes as the body of
 * orders.json, customers.json and shop.json, and as a Link header. Every input gives
 * valid rows or a clear CORRUPT error naming the call, with nothing added to the output;
 * never a crash. Valid rows: ids of digits, money ≥ 0, refunds within what was paid,
 * known refund states, valid UTF-8 everywhere, never masked. */
#include <stdint.h>
#include <string.h>

#include "net/sd-shopify-mapping-private.h"
#include "sd-error.h"

#include "fuzz-store-util.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_buyer (const SdStoreBuyer *b)
{
  fuzz_check_buyer_text (b);
  g_assert_cmpstr (b->platform, ==, "shopify");
  g_assert_true (*b->uid == '\0' || fuzz_is_id (b->uid));
  g_assert_false (b->masked);
}

static void
check_trade (const SdStoreTrade *t)
{
  static const char * const states[] = { "none", "partial", "full", NULL };

  fuzz_check_order (t->order, "shopify", states);
  check_buyer (t->buyer);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *body = (const char *) data;
  g_autoptr(GPtrArray) trades = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_store_trade_free);
  g_autoptr(GPtrArray) buyers = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_store_buyer_free);
  g_autoptr(SdStoreSeller) seller = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *link = g_strndup (body, size);
  g_autofree char *next = NULL;

  if (sd_shopify_map_orders (body, size, trades, &error))
    for (guint i = 0; i < trades->len; i++)
      check_trade (g_ptr_array_index (trades, i));
  else
    {
      fuzz_check_corrupt (error, "orders.json");
      g_assert_cmpuint (trades->len, ==, 0);
    }
  g_clear_error (&error);

  if (sd_shopify_map_customers (body, size, buyers, &error))
    for (guint i = 0; i < buyers->len; i++)
      check_buyer (g_ptr_array_index (buyers, i));
  else
    {
      fuzz_check_corrupt (error, "customers.json");
      g_assert_cmpuint (buyers->len, ==, 0);
    }
  g_clear_error (&error);

  seller = sd_shopify_map_shop (body, size, &error);
  if (seller != NULL)
    {
      g_assert_true (fuzz_is_id (seller->seller_id));
      fuzz_check_text (seller->nick);
    }
  else
    fuzz_check_corrupt (error, "shop.json");

  /* As a Link header: a next URL, when there is one, comes from inside its brackets. */
  next = sd_shopify_link_next (link);
  if (next != NULL)
    {
      g_assert_cmpstr (next, !=, "");
      g_assert_null (strchr (next, '>'));
      g_assert_nonnull (strstr (link, next));
    }
  return 0;
}
