/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-session.h"

G_BEGIN_DECLS

typedef void (*SdDemoProgressFunc) (guint64  done,
                                    guint64  total,
                                    gpointer user_data);

/* Fills an empty shop with generated customers and orders (see sd-demo.h), in one
 * transaction, indexed and searchable when it returns. The shop's history ends at @now
 * (UTC seconds); 0 means the start of today, Beijing time, so that the same seed gives
 * the same shop all day. */
gboolean sd_demo_shop_fill (SdSession          *session,
                            guint               n_customers,
                            guint               n_orders,
                            guint64             seed,
                            gint64              now,
                            SdDemoProgressFunc  progress,
                            gpointer            user_data,
                            GCancellable       *cancellable,
                            GError            **error);

G_END_DECLS
