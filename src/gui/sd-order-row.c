/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-order-row"

#include <glib/gi18n.h>

#include "sd-format.h"
#include "sd-order-row.h"
#include "sd-values.h"

struct _SdOrderRow
{
  AdwExpanderRow  parent_instance;

  SdOrder        *order;
  gboolean        items_added;
};

G_DEFINE_FINAL_TYPE (SdOrderRow, sd_order_row, ADW_TYPE_EXPANDER_ROW)

static GtkWidget *
figure_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static GtkWidget *
item_row (const SdOrderItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *quantity = sd_format_count (item->quantity);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 *item->title ? item->title : _("(untitled item)"));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  if (item->unit_price_cents >= 0)
    {
      g_autofree char *unit = sd_format_money_display (item->unit_price_cents);
      g_autofree char *line = sd_format_money_display (item->unit_price_cents * item->quantity);

      /* TRANSLATORS: quantity × unit price of an order item, e.g. "2 × ¥99.00" */
      subtitle = g_strdup_printf (_("%s × %s"), quantity, unit);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), figure_label (line));
    }
  else
    /* TRANSLATORS: quantity of an order item whose price the report did not give */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s piece, price not known",
                                             "%s pieces, price not known", (gulong) item->quantity),
                                quantity);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
add_items (SdOrderRow *self)
{
  const SdOrder *order = self->order;

  if (self->items_added)
    return;
  self->items_added = TRUE;

  for (guint i = 0; order->items != NULL && i < order->items->len; i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (self),
                              item_row (g_ptr_array_index (order->items, i)));
  if (order->items == NULL || order->items->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("The store did not list the items of this order."));
      gtk_widget_add_css_class (row, "dim-label");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
    }
  if (order->refund_cents > 0)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *refund = sd_format_money_display (order->refund_cents);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Refunded to the buyer"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), figure_label (refund));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
    }
}

static void
expanded_cb (SdOrderRow *self)
{
  if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self)))
    add_items (self);
}

static void
sd_order_row_finalize (GObject *object)
{
  SdOrderRow *self = SD_ORDER_ROW (object);

  g_clear_pointer (&self->order, sd_order_free);
  G_OBJECT_CLASS (sd_order_row_parent_class)->finalize (object);
}

static void
sd_order_row_class_init (SdOrderRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sd_order_row_finalize;
}

static void
sd_order_row_init (SdOrderRow *self)
{
  g_signal_connect (self, "notify::expanded", G_CALLBACK (expanded_cb), NULL);
}

GtkWidget *
sd_order_row_new (const SdOrder *order)
{
  SdOrderRow *self;
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *amount = NULL;

  g_return_val_if_fail (order != NULL, NULL);

  self = g_object_new (SD_TYPE_ORDER_ROW, NULL);
  self->order = sd_order_copy (order);

  /* TRANSLATORS: an order's number as the store gives it, e.g. "Order 2087461236" */
  title =
    g_strdup_printf (_("Order %s"), *order->platform_order_id ? order->platform_order_id : "—");
  when = sd_format_datetime (order->created_at);
  /* TRANSLATORS: an order's time and status, e.g. "2026-11-19 14:05 · Finished" */
  subtitle = g_strdup_printf (_("%s · %s"), when, sd_order_status_describe (order->status));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);

  if (order->refund_state != NULL && *order->refund_state &&
      g_strcmp0 (order->refund_state, "none") != 0)
    {
      GtkWidget *refund = gtk_label_new (sd_order_refund_describe (order->refund_state));

      gtk_widget_set_valign (refund, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (refund, "caption");
      gtk_widget_add_css_class (refund, sd_order_refund_counts (order->refund_state) ? "warning"
                                                                                     : "dim-label");
      adw_expander_row_add_action (ADW_EXPANDER_ROW (self), refund);
    }
  amount = sd_format_money_display (order->amount_cents);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), figure_label (amount));
  return GTK_WIDGET (self);
}

const SdOrder *
sd_order_row_get_order (SdOrderRow *self)
{
  g_return_val_if_fail (SD_IS_ORDER_ROW (self), NULL);
  return self->order;
}
