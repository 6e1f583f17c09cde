/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-order.h"

G_BEGIN_DECLS

#define SD_TYPE_ORDER_ROW (sd_order_row_get_type ())
G_DECLARE_FINAL_TYPE (SdOrderRow, sd_order_row, SD, ORDER_ROW, AdwExpanderRow)

/* One order of a customer: number, date, status, refund and amount; expanded, its items.
 * The item rows are made when the row is first expanded, so a long order history costs
 * one row an order until someone looks inside. */
GtkWidget     *sd_order_row_new       (const SdOrder *order);
const SdOrder *sd_order_row_get_order (SdOrderRow    *self);

G_END_DECLS
