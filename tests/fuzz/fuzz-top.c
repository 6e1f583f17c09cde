/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the Taobao TOP answer mapping: arbitrary bytes as the body of
 * taobao.trades.sold.increment.get and taobao.user.seller.get. Every input gives either
 * valid rows, an error_response that classifies into an SD_ERROR with a message, or a
 * clear CORRUPT error naming the call with nothing partial; never a crash. Valid rows:
 * ids of digits, money ≥ 0, refunds within what was paid, known refund states, valid
 * UTF-8 everywhere, the masked flag as the values say. */
#include <stdint.h>
#include <string.h>

#include "net/sd-store-values-private.h"
#include "net/sd-top-mapping-private.h"
#include "sd-error.h"

#include "fuzz-store-util.h"

#define METHOD "taobao.trades.sold.increment.get"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_trade (const SdStoreTrade *t)
{
  static const char * const states[] = { "none", "pending", "refused", "partial", "full", NULL };
  const SdOrder *o = t->order;
  const SdStoreBuyer *b = t->buyer;

  fuzz_check_order (o, "taobao", states);
  g_assert_cmpstr (o->status, !=, "");
  /* Money goes back only in the states that say so. */
  if (!sd_order_refund_counts (o->refund_state))
    g_assert_cmpint (o->refund_cents, ==, 0);
  g_assert_cmpstr (b->platform, ==, "taobao");
  fuzz_check_buyer_text (b);
  g_assert_cmpint (b->masked, ==, sd_store_value_is_masked (b->name) ||
                                  sd_store_value_is_masked (b->mobile) ||
                                  sd_store_value_is_masked (b->address));
}

static void
check_error_response (SdTopErrorResponse *response)
{
  g_autoptr(GError) error = NULL;
  double wait = 0;
  gboolean retry = sd_top_error_classify (response, METHOD, &wait, &error);

  g_assert_nonnull (error);
  g_assert_true (error->domain == SD_ERROR);
  fuzz_check_text (error->message);
  g_assert_cmpstr (error->message, !=, "");
  if (retry)
    g_assert_true (wait == -1 || (wait >= 1 && wait <= 301));
  sd_top_error_response_clear (response);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *body = (const char *) data;
  SdTopTradesPage page = { -1 };
  SdTopErrorResponse response = { 0 };
  g_autoptr(SdStoreSeller) seller = NULL;
  g_autoptr(GError) error = NULL;

  switch (sd_top_map_trades (body, size, METHOD, &page, &response, &error))
    {
    case SD_TOP_ANSWER_OK:
      g_assert_no_error (error);
      g_assert_nonnull (page.trades);
      g_assert_cmpint (page.total_results, >=, -1);
      for (guint i = 0; i < page.trades->len; i++)
        check_trade (g_ptr_array_index (page.trades, i));
      break;
    case SD_TOP_ANSWER_ERROR:
      g_assert_no_error (error);
      g_assert_null (page.trades);
      check_error_response (&response);
      break;
    case SD_TOP_ANSWER_CORRUPT:
      g_assert_null (page.trades);
      fuzz_check_corrupt (error, METHOD);
      break;
    default:
      g_assert_not_reached ();
    }
  sd_top_trades_page_clear (&page);
  g_clear_error (&error);

  switch (sd_top_map_seller (body, size, &seller, &response, &error))
    {
    case SD_TOP_ANSWER_OK:
      g_assert_no_error (error);
      fuzz_check_text (seller->nick);
      g_assert_cmpstr (seller->nick, !=, "");
      g_assert_true (*seller->seller_id == '\0' || fuzz_is_id (seller->seller_id));
      break;
    case SD_TOP_ANSWER_ERROR:
      check_error_response (&response);
      break;
    case SD_TOP_ANSWER_CORRUPT:
      g_assert_null (seller);
      fuzz_check_corrupt (error, "taobao.user.seller.get");
      break;
    default:
      g_assert_not_reached ();
    }
  return 0;
}
