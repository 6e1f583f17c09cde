/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The shop the tier and RFM tests work on: a new shop whose clock stands at
 * SD_TEST_TIERS_NOW until a test moves it, orders written straight to the store, and a
 * customer's standing read back. Static, so each test program gets its own copy. */

#include "sd-test-util.h"

#include "sd-db-private.h"
#include "sd-store-private.h"
#include "sd-tiers.h"

G_BEGIN_DECLS

/* 2024-06-01 00:00:00 UTC = 08:00 in Beijing. */
#define SD_TEST_TIERS_NOW G_GINT64_CONSTANT (1717200000)

typedef struct
{
  char      *dir;
  SdSession *session;
  SdDb      *db;
  gint64     now;
  guint      next_order;
} TierFixture;

static inline void
tier_fixture_set_up (TierFixture   *f,
                     gconstpointer  data)
{
  f->session = sd_test_new_temp_shop (&f->dir, NULL);
  f->db = sd_session_get_db (f->session);
  f->now = SD_TEST_TIERS_NOW;
  sd_test_set_clock (f->db, &f->now);
}

static inline void
tier_fixture_tear_down (TierFixture   *f,
                        gconstpointer  data)
{
  g_clear_object (&f->session);
  sd_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* A paid order of AMOUNT fen with REFUND given back, created and paid at AT (UTC
 * seconds), and the customer's figures after it; a full refund makes it a trade that does
 * not count. */
static inline void
tier_fixture_add_order (TierFixture *f,
                        gint64       customer_id,
                        gint64       amount,
                        gint64       refund,
                        gint64       at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SdOrder) order = sd_order_new ();

  g_free (order->platform);
  order->platform = g_strdup ("taobao");
  g_free (order->platform_order_id);
  order->platform_order_id = g_strdup_printf ("T%u", ++f->next_order);
  order->customer_id = customer_id;
  order->amount_cents = amount;
  g_free (order->status);
  order->status = g_strdup ("TRADE_FINISHED");
  order->created_at = at;
  order->paid_at = at;
  order->refund_cents = refund;
  g_free (order->refund_state);
  order->refund_state = g_strdup (refund == 0 ? "none" : refund >= amount ? "full" : "partial");
  g_assert_true (sd_db_begin (f->db, &error));
  g_assert_true (_sd_store_insert_order (f->db, order, &error));
  g_assert_true (_sd_store_refresh_aggregates (f->db, &customer_id, 1, &error));
  g_assert_true (sd_db_commit (f->db, &error));
  g_assert_no_error (error);
}

/* The customer's tier, scores and figures, which must be readable. */
static inline SdCustomerTier *
tier_fixture_standing (TierFixture *f,
                       gint64       id)
{
  g_autoptr(GError) error = NULL;
  SdCustomerTier *tier = sd_tiers_get_customer (f->session, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (tier);
  return tier;
}

G_END_DECLS
