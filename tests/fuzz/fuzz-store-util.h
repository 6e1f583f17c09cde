/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What fuzz-top and fuzz-shopify check of every row their mapping gives. */

#include <string.h>

#include <glib.h>

#include "net/sd-store-connection.h"
#include "sd-error.h"

/* An id as the mappings give them: digits, no leading zero. */
static inline gboolean
fuzz_is_id (const char *text)
{
  if (*text == '\0' || *text == '0')
    return FALSE;
  for (; *text; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

static inline void
fuzz_check_text (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

/* Every text field there and valid UTF-8. */
static inline void
fuzz_check_buyer_text (const SdStoreBuyer *b)
{
  const char * const fields[] = { b->platform, b->uid, b->nick, b->name, b->mobile, b->email,
                                  b->province, b->city, b->district, b->address };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    fuzz_check_text (fields[i]);
}

/* Money never below zero, refunds within what was paid, a refund state of ours (one of
 * STATES), items of counts and prices ≥ 0. */
static inline void
fuzz_check_order (const SdOrder      *o,
                  const char         *platform,
                  const char * const *states)
{
  gboolean known = FALSE;

  g_assert_cmpstr (o->platform, ==, platform);
  g_assert_true (fuzz_is_id (o->platform_order_id));
  g_assert_cmpint (o->customer_id, ==, 0);
  g_assert_cmpint (o->amount_cents, >=, 0);
  g_assert_cmpint (o->refund_cents, >=, 0);
  g_assert_cmpint (o->refund_cents, <=, o->amount_cents);
  g_assert_cmpint (o->paid_at, >=, 0);
  fuzz_check_text (o->status);
  for (guint i = 0; states[i] != NULL; i++)
    known |= g_strcmp0 (o->refund_state, states[i]) == 0;
  g_assert_true (known);
  for (guint i = 0; i < o->items->len; i++)
    {
      const SdOrderItem *item = g_ptr_array_index (o->items, i);

      fuzz_check_text (item->title);
      g_assert_cmpint (item->quantity, >=, 0);
      g_assert_cmpint (item->unit_price_cents, >=, 0);
    }
}

/* A clear error: CORRUPT, valid UTF-8, naming CALL. */
static inline void
fuzz_check_corrupt (const GError *error,
                    const char   *call)
{
  g_assert_error (error, SD_ERROR, SD_ERROR_CORRUPT);
  fuzz_check_text (error->message);
  g_assert_nonnull (strstr (error->message, call));
}
