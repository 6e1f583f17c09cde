/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-customers-page"

#include <glib/gi18n.h>

#include "sd-address.h"
#include "sd-campaign.h"
#include "sd-cell-label.h"
#include "sd-customer-detail.h"
#include "sd-customer-list.h"
#include "sd-customer-row.h"
#include "sd-customers-page.h"
#include "sd-customers.h"
#include "sd-export-dialog.h"
#include "sd-format.h"
#include "sd-permission-ui.h"
#include "sd-phone.h"
#include "sd-tiers.h"
#include "sd-values.h"
#include "sd-window.h"

/* The list's columns, in the order shown. */
typedef enum
{
  COLUMN_NAME,
  COLUMN_NICK,
  COLUMN_PHONE,
  COLUMN_SPENT,
  COLUMN_ORDERS,
  COLUMN_TIER,
  COLUMN_LAST_ORDER,
  COLUMN_CITY,
  N_COLUMNS
} Column;

static const struct
{
  const char     *title;
  SdCustomerSort  sort;
  gboolean        figure;
  int             width;      /* pixels, all eight fitting beside the sidebar at 1024 */
} columns[N_COLUMNS] = {
  [COLUMN_NAME] = { N_("Name"), SD_CUSTOMER_SORT_NAME, FALSE, 72 },
  [COLUMN_NICK] = { N_("Nick"), SD_CUSTOMER_SORT_NICK, FALSE, 100 },
  [COLUMN_PHONE] = { N_("Phone"), SD_CUSTOMER_SORT_PHONE, TRUE, 116 },
  [COLUMN_SPENT] = { N_("Spent"), SD_CUSTOMER_SORT_TOTAL_SPENT, TRUE, 96 },
  [COLUMN_ORDERS] = { N_("Orders"), SD_CUSTOMER_SORT_ORDER_COUNT, TRUE, 60 },
  [COLUMN_TIER] = { N_("Tier"), SD_CUSTOMER_SORT_TIER, FALSE, 130 },
  [COLUMN_LAST_ORDER] = { N_("Last Order"), SD_CUSTOMER_SORT_LAST_ORDER, TRUE, 100 },
  [COLUMN_CITY] = { N_("City"), SD_CUSTOMER_SORT_CITY, FALSE, 90 },
};

/* The last-order filter's choices, in the drop-down's order: days back, and whether the
 * customer ordered within them or not since. */
static const struct
{
  int      days;
  gboolean within;
} last_order_choices[] = {
  { 0, TRUE }, { 30, TRUE }, { 90, TRUE }, { 365, TRUE }, { 90, FALSE }, { 365, FALSE }, { -1, FALSE },
};

struct _SdCustomersPage
{
  AdwBin             parent_instance;

  SdSession         *session;
  SdSettings        *settings;
  SdCustomerList    *list;
  GtkMultiSelection *selection;
  SdCustomerQuery   *query;
  GtkSorter         *column_sorters[N_COLUMNS];
  int                probed_column;
  SdCustomerRow     *probe_a;
  SdCustomerRow     *probe_b;
  gint64             total;
  GtkStringList     *tags;
  GtkStringList     *provinces;
  gboolean           updating_filters;
  guint              search_timeout;
  /* What sd_customers_page_show_subset () limits the list to, ANDed with the filters. */
  SdCondition       *subset_condition;
  GArray            *subset_ids;
  /* The ladder's grade names, for the tier column and the tier filter. */
  SdTierLadder      *ladder;
  GtkStringList     *tier_names;

  GtkStack          *stack;
  GtkButton         *sidebar_button;
  GtkButton         *import_button;
  AdwStatusPage     *empty_page;
  GtkButton         *empty_import_button;
  GtkButton         *export_selection_button;
  GtkButton         *sms_selection_button;
  GtkButton         *tag_selection_button;
  AdwWindowTitle    *title;
  GtkToggleButton   *search_button;
  GtkMenuButton     *filter_button;
  GtkSearchBar      *search_bar;
  GtkSearchEntry    *search_entry;
  GtkDropDown       *tag_filter;
  GtkDropDown       *province_filter;
  GtkEntry          *min_spent;
  GtkEntry          *max_spent;
  GtkDropDown       *last_order_filter;
  GtkDropDown       *tier_filter;
  GtkRevealer       *subset_revealer;
  GtkLabel          *subset_label;
  GtkSpinner        *spinner;
  GtkStack          *list_stack;
  GtkColumnView     *column_view;
  AdwStatusPage     *error_page;
  GtkActionBar      *selection_bar;
  GtkLabel          *selection_label;
  SdCustomerDetail  *detail;
};

G_DEFINE_FINAL_TYPE (SdCustomersPage, sd_customers_page, ADW_TYPE_BIN)

enum {
  COUNT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static SdWindow *
get_window (SdCustomersPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return SD_IS_WINDOW (root) ? SD_WINDOW (root) : NULL;
}

static void
show_toast (SdCustomersPage *self,
            AdwToast        *toast)
{
  SdWindow *window = get_window (self);

  if (window != NULL)
    sd_window_add_toast (window, toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* The grade's name as the shop calls it; "—" before the first computation. */
static const char *
tier_name (SdCustomersPage *self,
           int              tier)
{
  if (tier < 0 || tier >= SD_TIER_N_GRADES)
    return "—";
  return self->ladder ? sd_tier_ladder_get_name (self->ladder, tier) : sd_tier_grade_default_name (tier);
}

static char *
cell_text (SdCustomersPage  *self,
           const SdCustomer *c,
           Column            column,
           gboolean          relative_dates)
{
  switch (column)
    {
    case COLUMN_NAME:
      return g_strdup (c->name);
    case COLUMN_NICK:
      return g_strdup (c->nick);
    case COLUMN_PHONE:
      return sd_phone_format_display (c->phone);
    case COLUMN_SPENT:
      return sd_format_money_display (c->total_spent_cents);
    case COLUMN_ORDERS:
      return sd_format_count (c->order_count);
    case COLUMN_TIER:
      return g_strdup (tier_name (self, c->tier));
    case COLUMN_LAST_ORDER:
      return relative_dates ? sd_format_when (c->last_order_at, g_get_real_time () / G_USEC_PER_SEC)
                            : sd_format_date (c->last_order_at);
    case COLUMN_CITY:
      return g_strdup (*c->city ? c->city : c->province);
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  gboolean figure = columns[column].figure;
  GtkWidget *label = sd_cell_label_new (figure && column != COLUMN_PHONE ? 1.0 : 0.0, figure);
  GtkWidget *box, *pin;

  if (column != COLUMN_TIER)
    {
      gtk_list_item_set_child (item, label);
      return;
    }
  /* The tier: its name, and a pin after it when it was set by hand. */
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  pin = gtk_image_new_from_icon_name ("view-pin-symbolic");
  gtk_widget_set_tooltip_text (pin, _("Pinned by hand: kept through recomputes until unpinned"));
  gtk_widget_add_css_class (pin, "dim-label");
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), pin);
  gtk_list_item_set_child (item, box);
}

/* The label of a cell, inside the tier column's box. */
static GtkLabel *
cell_label (GtkListItem *item,
            Column       column)
{
  GtkWidget *child = gtk_list_item_get_child (item);

  return GTK_LABEL (column == COLUMN_TIER ? gtk_widget_get_first_child (child) : child);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              SdCustomersPage          *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));
  SdCustomerRow *row = gtk_list_item_get_item (item);
  const SdCustomer *c = row ? sd_customer_row_get_customer (row) : NULL;
  GtkLabel *label = cell_label (item, column);
  g_autofree char *text = NULL;
  gboolean relative = self->settings == NULL || sd_settings_get_relative_dates (self->settings);

  if (column == COLUMN_TIER)
    gtk_widget_set_visible (gtk_widget_get_last_child (gtk_list_item_get_child (item)),
                            c != NULL && c->tier_pinned);
  if (c == NULL)
    {
      gtk_label_set_label (label, column == COLUMN_NAME ? _("(removed)") : "");
      sd_cell_label_take_exact (label, NULL);
      return;
    }
  text = cell_text (self, c, column, relative);
  gtk_label_set_label (label, text);
  /* A relative date's tooltip: the exact time. */
  sd_cell_label_take_exact (label, column == COLUMN_LAST_ORDER && c->last_order_at != 0
                                   ? sd_format_datetime (c->last_order_at) : NULL);
}

/* GTK 4.8 cannot say which column the view sorts by (that came in 4.10): each column's
 * sorter notes when it is asked, and the first asked is the primary one. */
static int
probe_compare_cb (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  SdCustomersPage *self = g_object_get_data (G_OBJECT (user_data), "page");

  if (self->probed_column < 0)
    self->probed_column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (user_data), "column"));
  return GTK_ORDERING_SMALLER;
}

static void
update_count (SdCustomersPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  g_autofree char *shown_text = sd_format_count (shown);
  g_autofree char *total_text = sd_format_count (MAX (self->total, 0));
  g_autofree char *subtitle = NULL;
  gboolean narrowed = self->query != NULL && sd_customer_query_is_narrowed (self->query);

  if (self->session == NULL)
    subtitle = g_strdup ("");
  else if (narrowed)
    /* TRANSLATORS: "12 of 1,000,000 customers" */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s customer", "%s of %s customers",
                                             (gulong) MAX (self->total, 0)), shown_text, total_text);
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s customer", "%s customers",
                                             (gulong) MAX (self->total, 0)), total_text);
  adw_window_title_set_subtitle (self->title, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_button), TRUE);
  if (narrowed)
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_button), "accent");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_button), "accent");
}

static void
update_list_state (SdCustomersPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  const char *page = "list";

  if (shown == 0 && !sd_customer_list_get_loading (self->list))
    page = self->total == 0 ? "empty" : "no-match";
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack), "error") != 0 || shown > 0)
    gtk_stack_set_visible_child_name (self->list_stack, page);
}

static void
refresh_total (SdCustomersPage *self)
{
  g_autoptr(SdCustomerQuery) all = sd_customer_query_new ();

  self->total = self->session ? sd_customers_count (self->session, all, NULL) : -1;
  g_signal_emit (self, signals[COUNT_CHANGED], 0);
}

/* The query's condition and ids: the subset shown, ANDed with the tier filter. */
static void
compose_condition (SdCustomersPage *self)
{
  SdCondition *parts[2];
  guint n = 0;
  guint tier = gtk_drop_down_get_selected (self->tier_filter);

  if (self->subset_condition != NULL)
    parts[n++] = sd_condition_ref (self->subset_condition);
  /* Item 0 is "any tier", item N + 1 grade N. */
  if (tier > 0 && tier <= SD_TIER_N_GRADES)
    parts[n++] = sd_condition_new_number (SD_CONDITION_FIELD_TIER, SD_CONDITION_OP_EQ, tier - 1);
  g_clear_pointer (&self->query->condition, sd_condition_unref);
  self->query->condition = n > 0 ? sd_condition_new_all (SD_CONDITION_AND, parts, n) : NULL;
  g_clear_pointer (&self->query->ids, g_array_unref);
  self->query->ids = self->subset_ids ? g_array_ref (self->subset_ids) : NULL;
}

static void
apply_query (SdCustomersPage *self)
{
  if (self->session == NULL || self->updating_filters)
    return;
  sd_customer_list_set_query (self->list, self->query);
}

static void
list_loaded_cb (SdCustomersPage *self,
                GError          *error)
{
  if (error != NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->list_stack, "error");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      update_list_state (self);
    }
  update_count (self);
  g_signal_emit (self, signals[COUNT_CHANGED], 0);
}

/* A new search or order lists other customers: what was selected goes. */
static void
list_replacing_cb (SdCustomersPage *self)
{
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

static void
loading_changed_cb (SdCustomersPage *self)
{
  gboolean loading = sd_customer_list_get_loading (self->list);

  if (self->spinner == NULL)
    return;
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
}

static void
view_sorter_changed_cb (SdCustomersPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering order;

  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);
  if (self->probed_column < 0)
    {
      self->query->sort = SD_CUSTOMER_SORT_ID;
      self->query->descending = FALSE;
    }
  else
    {
      self->query->sort = columns[self->probed_column].sort;
      self->query->descending = order == GTK_ORDERING_LARGER;
    }
  apply_query (self);
}

static gboolean
search_now_cb (gpointer user_data)
{
  SdCustomersPage *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  self->search_timeout = 0;
  if (g_strcmp0 (text, self->query->text ? self->query->text : "") == 0)
    return G_SOURCE_REMOVE;
  g_free (self->query->text);
  self->query->text = g_strdup (text);
  apply_query (self);
  return G_SOURCE_REMOVE;
}

/* Typing restarts the wait, so that a burst of keys makes one search; the list worker
 * drops whatever an older search still returns. */
static void
search_changed_cb (SdCustomersPage *self)
{
  guint delay = self->settings ? sd_settings_get_search_delay (self->settings) : 150;

  if (self->updating_filters)
    return;
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  self->search_timeout = g_timeout_add (delay, search_now_cb, self);
}

static void
search_activate_cb (SdCustomersPage *self)
{
  if (self->search_timeout != 0)
    {
      g_clear_handle_id (&self->search_timeout, g_source_remove);
      search_now_cb (self);
      return;
    }
  /* Enter on a search with one answer opens it. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->list)) == 1)
    {
      gint64 id = sd_customer_list_get_id (self->list, 0);
      if (sd_customer_detail_show (self->detail, id))
        gtk_stack_set_visible_child_name (self->stack, "detail");
    }
}

static void
stop_search_cb (SdCustomersPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_toggle_button_set_active (self->search_button, FALSE);
}

static gboolean
parse_yuan (GtkEntry *entry,
            gint64   *out_cents)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  *out_cents = -1;
  if (*text == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      return TRUE;
    }
  if (!sd_parse_money (text, out_cents, NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), _("Write an amount in yuan, like 199 or 1,299.50"));
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), NULL);
  return TRUE;
}

static void
spend_changed_cb (SdCustomersPage *self)
{
  gint64 min, max;

  if (!parse_yuan (self->min_spent, &min) || !parse_yuan (self->max_spent, &max))
    return;
  if (min == self->query->min_spent_cents && max == self->query->max_spent_cents)
    return;
  self->query->min_spent_cents = min;
  self->query->max_spent_cents = max;
  apply_query (self);
}

static const char *
selected_string (GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  /* Item 0 is "any". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || model == NULL)
    return NULL;
  return gtk_string_list_get_string (GTK_STRING_LIST (model), selected);
}

static void
filter_changed_cb (SdCustomersPage *self)
{
  guint last = gtk_drop_down_get_selected (self->last_order_filter);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (self->updating_filters)
    return;

  g_free (self->query->tag);
  self->query->tag = g_strdup (selected_string (self->tag_filter));
  g_free (self->query->province);
  self->query->province = g_strdup (selected_string (self->province_filter));

  self->query->last_order_after = 0;
  self->query->last_order_before = 0;
  self->query->max_orders = -1;
  if (last < G_N_ELEMENTS (last_order_choices) && last > 0)
    {
      int days = last_order_choices[last].days;
      if (days < 0)
        self->query->max_orders = 0;
      else if (last_order_choices[last].within)
        self->query->last_order_after = now - (gint64) days * 86400;
      else
        self->query->last_order_before = now - (gint64) days * 86400;
    }
  compose_condition (self);
  apply_query (self);
}

static void
reset_filter_widgets (SdCustomersPage *self)
{
  self->updating_filters = TRUE;
  gtk_drop_down_set_selected (self->tag_filter, 0);
  gtk_drop_down_set_selected (self->province_filter, 0);
  gtk_drop_down_set_selected (self->last_order_filter, 0);
  gtk_drop_down_set_selected (self->tier_filter, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->min_spent), "");
  gtk_editable_set_text (GTK_EDITABLE (self->max_spent), "");
  self->updating_filters = FALSE;
}

static void
set_subset (SdCustomersPage *self,
            SdCondition     *condition,
            GArray          *ids,
            const char      *label)
{
  g_clear_pointer (&self->subset_condition, sd_condition_unref);
  g_clear_pointer (&self->subset_ids, g_array_unref);
  if (condition != NULL)
    self->subset_condition = sd_condition_ref (condition);
  if (ids != NULL)
    self->subset_ids = g_array_copy (ids);
  gtk_label_set_label (self->subset_label, label ? label : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->subset_label), label);
  gtk_revealer_set_reveal_child (self->subset_revealer, condition != NULL || ids != NULL);
}

/* Back to every customer: no filter, no subset (the search stays). */
static void
clear_filters (SdCustomersPage *self)
{
  reset_filter_widgets (self);
  g_clear_pointer (&self->query->tag, g_free);
  g_clear_pointer (&self->query->province, g_free);
  self->query->min_spent_cents = -1;
  self->query->max_spent_cents = -1;
  self->query->max_orders = -1;
  self->query->last_order_after = 0;
  self->query->last_order_before = 0;
  set_subset (self, NULL, NULL, NULL);
  compose_condition (self);
}

static void
clear_search (SdCustomersPage *self)
{
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  self->updating_filters = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->updating_filters = FALSE;
  g_clear_pointer (&self->query->text, g_free);
}

static void
clear_filters_cb (SdCustomersPage *self)
{
  clear_filters (self);
  apply_query (self);
}

static void
remove_subset_cb (SdCustomersPage *self)
{
  set_subset (self, NULL, NULL, NULL);
  compose_condition (self);
  apply_query (self);
}

static void
show_all_cb (SdCustomersPage *self)
{
  clear_search (self);
  clear_filters_cb (self);
}

/* The ladder's names, in the tier column and the tier filter (its choice kept). */
static void
load_ladder (SdCustomersPage *self)
{
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tier_names));
  guint selected = gtk_drop_down_get_selected (self->tier_filter);
  const char *names[SD_TIER_N_GRADES + 2] = { _("Any tier"), NULL };

  g_clear_pointer (&self->ladder, sd_tier_ladder_free);
  if (self->session != NULL)
    {
      self->ladder = sd_tiers_get_ladder (self->session, &error);
      if (self->ladder == NULL)
        g_warning ("Could not read the tier ladder: %s", error->message);
    }
  for (int grade = 0; grade < SD_TIER_N_GRADES; grade++)
    names[grade + 1] = tier_name (self, grade);

  self->updating_filters = TRUE;
  gtk_string_list_splice (self->tier_names, 0, n, names);
  gtk_drop_down_set_selected (self->tier_filter, selected <= SD_TIER_N_GRADES ? selected : 0);
  self->updating_filters = FALSE;
}

/* The tag filter's choices: "Any tag", then TAGS (NULL: none yet), SELECTED chosen. */
static void
show_tags (SdCustomersPage *self,
           GPtrArray       *tags,
           guint            selected)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tags));
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();

  g_ptr_array_add (strings, (char *) _("Any tag"));
  for (guint i = 0; tags != NULL && i < tags->len; i++)
    g_ptr_array_add (strings, g_ptr_array_index (tags, i));
  g_ptr_array_add (strings, NULL);

  self->updating_filters = TRUE;
  gtk_string_list_splice (self->tags, 0, n, (const char * const *) strings->pdata);
  gtk_drop_down_set_selected (self->tag_filter, selected);
  self->updating_filters = FALSE;
}

static void
load_tags (SdCustomersPage *self)
{
  g_autoptr(GPtrArray) tags = self->session ? sd_customers_list_tags (self->session, NULL) : NULL;
  const char *current = self->query ? self->query->tag : NULL;
  guint selected = 0;

  for (guint i = 0; tags != NULL && i < tags->len; i++)
    if (g_strcmp0 (current, g_ptr_array_index (tags, i)) == 0)
      selected = i + 1;
  show_tags (self, tags, selected);
}

static void
filter_popover_shown_cb (SdCustomersPage *self)
{
  load_tags (self);
}

static void
row_activated_cb (SdCustomersPage *self,
                  guint            position)
{
  gint64 id = sd_customer_list_get_id (self->list, position);

  if (id == 0)
    return;
  sd_customer_detail_show (self->detail, id);
  gtk_stack_set_visible_child_name (self->stack, "detail");
}

static void
detail_changed_cb (SdCustomersPage *self,
                   gint64           id)
{
  sd_customer_list_refresh_customers (self->list, &id, 1);
}

static void
detail_merged_cb (SdCustomersPage *self,
                  gint64           keep_id,
                  gint64           other_id)
{
  refresh_total (self);
  sd_customer_list_reload (self->list);
}

static guint64
selected_count (SdCustomersPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  return gtk_bitset_get_size (selected);
}

static void
selection_changed_cb (SdCustomersPage *self)
{
  guint64 n = selected_count (self);
  g_autofree char *count = sd_format_count ((gint64) n);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s selected", "%s selected", (gulong) n), count);

  gtk_label_set_label (self->selection_label, text);
  gtk_action_bar_set_revealed (self->selection_bar, n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.tag-selection",
                                 n > 0 && sd_permission_ui_can (self->session, SD_PERMISSION_EDIT_CUSTOMERS));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.export-selection",
                                 n > 0 && sd_permission_ui_can (self->session, SD_PERMISSION_EXPORT_CUSTOMERS));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.sms-selection",
                                 n > 0 && sd_permission_ui_can (self->session, SD_PERMISSION_COMPOSE_CAMPAIGNS));
}

static GArray *
selected_ids (SdCustomersPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint) gtk_bitset_get_size (selected));
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      gint64 id = sd_customer_list_get_id (self->list, position);
      if (id != 0)
        g_array_append_val (ids, id);
    }
  return ids;
}

typedef struct
{
  SdCustomersPage *page;
  GArray          *ids;
  char            *tag;
} TagUndo;

static void
tag_undo_free (TagUndo *undo)
{
  g_object_unref (undo->page);
  g_array_unref (undo->ids);
  g_free (undo->tag);
  g_free (undo);
}

static void
refresh_ids (SdCustomersPage *self,
             GArray          *ids)
{
  /* A few: redraw their rows; many: read the list again. */
  if (ids->len > 200)
    {
      sd_customer_list_reload (self->list);
      return;
    }
  sd_customer_list_refresh_customers (self->list, (const gint64 *) ids->data, ids->len);
}

static void
tag_undo_cb (AdwToast *toast,
             TagUndo  *undo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changed = NULL;

  if (undo->page->session == NULL)
    return;
  changed = sd_customers_tag_many (undo->page->session, (const gint64 *) undo->ids->data,
                                   undo->ids->len, undo->tag, FALSE, &error);
  if (changed == NULL)
    {
      show_toast (undo->page, adw_toast_new (error->message));
      return;
    }
  refresh_ids (undo->page, undo->ids);
}

static gboolean
add_tag_to_selection (SdCustomersPage *self,
                      const char      *tag,
                      GError         **error)
{
  g_autoptr(GArray) ids = selected_ids (self);
  g_autoptr(GArray) changed = NULL;
  g_autofree char *count = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;
  TagUndo *undo;

  changed = sd_customers_tag_many (self->session, (const gint64 *) ids->data, ids->len, tag, TRUE, error);
  if (changed == NULL)
    return FALSE;

  count = sd_format_count (changed->len);
  /* TRANSLATORS: "Tagged 12 customers “VIP”" */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tagged %s customer “%s”",
                                          "Tagged %s customers “%s”", changed->len), count, tag);
  toast = adw_toast_new (message);
  if (changed->len > 0)
    {
      undo = g_new0 (TagUndo, 1);
      undo->page = g_object_ref (self);
      undo->ids = g_array_ref (changed);
      undo->tag = g_strstrip (g_strdup (tag));
      adw_toast_set_button_label (toast, _("_Undo"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (tag_undo_cb), undo,
                             (GClosureNotify) (void (*) (void)) tag_undo_free, 0);
    }
  show_toast (self, toast);
  refresh_ids (self, changed);
  return TRUE;
}

static void
tag_dialog_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        SdCustomersPage  *self)
{
  GtkEntry *entry = GTK_ENTRY (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0 || self->session == NULL)
    return;
  if (!add_tag_to_selection (self, gtk_editable_get_text (GTK_EDITABLE (entry)), &error))
    show_toast (self, adw_toast_new (error->message));
}

static void
tag_entry_changed_cb (GtkEditable      *entry,
                      AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "add", *text != '\0');
}

static void
tag_selection_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SdCustomersPage *self = SD_CUSTOMERS_PAGE (widget);
  guint64 n = selected_count (self);
  g_autofree char *count = sd_format_count ((gint64) n);
  g_autofree char *body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
      "The tag is added to %s selected customer.", "The tag is added to %s selected customers.", (gulong) n), count);
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog;

  if (n == 0 || self->session == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (get_window (self)), _("Add a Tag"), body));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Tag, like VIP or 老客户"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Tag"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add Tag"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "add", FALSE);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (tag_entry_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (tag_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
export_selection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SdCustomersPage *self = SD_CUSTOMERS_PAGE (widget);
  g_autoptr(GArray) ids = selected_ids (self);
  SdWindow *window = get_window (self);

  if (window != NULL && ids->len > 0)
    sd_export_dialog_present (window, self->query, ids);
}

/* A campaign to the customers selected: the window opens the composer on them. */
static void
sms_selection_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SdCustomersPage *self = SD_CUSTOMERS_PAGE (widget);
  guint64 n = selected_count (self);
  SdWindow *window = get_window (self);
  g_autoptr(GArray) ids = NULL;

  if (window == NULL || n == 0)
    return;
  /* Counted before any id is gathered: "select all" of a million stops here. */
  if (n > SD_CAMPAIGN_CUSTOMERS_MAX)
    {
      g_autofree char *count = sd_format_count ((gint64) n);
      g_autofree char *max = sd_format_count (SD_CAMPAIGN_CUSTOMERS_MAX);
      g_autofree char *text = g_strdup_printf (_("%s customers are selected; a campaign can hand-pick at most %s. "
                                                 "For more, save the filters as a segment and send to the segment."),
                                               count, max);
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_timeout (toast, 0);
      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      show_toast (self, toast);
      return;
    }
  ids = selected_ids (self);
  sd_window_compose_campaign (window, ids);
}

static void
unselect_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SdCustomersPage *self = SD_CUSTOMERS_PAGE (widget);

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SdCustomersPage *self = SD_CUSTOMERS_PAGE (widget);

  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sd_customers_page_reload (SD_CUSTOMERS_PAGE (widget));
}

static void
add_columns (SdCustomersPage *self)
{
  for (Column i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      GtkSorter *sorter;

      g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), self);

      column = gtk_column_view_column_new (g_dgettext (GETTEXT_PACKAGE, columns[i].title),
                                           g_object_ref (factory));
      sorter = GTK_SORTER (gtk_custom_sorter_new (NULL, NULL, NULL));
      g_object_set_data (G_OBJECT (sorter), "column", GINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (sorter), "page", self);
      gtk_custom_sorter_set_sort_func (GTK_CUSTOM_SORTER (sorter), probe_compare_cb, sorter, NULL);
      gtk_column_view_column_set_sorter (column, sorter);
      self->column_sorters[i] = sorter;
      gtk_column_view_column_set_resizable (column, TRUE);
      /* A fixed width spares measuring every visible cell at each change of the list:
       * that measuring was most of the 100 ms a new search or sort took to show. */
      gtk_column_view_column_set_fixed_width (column, columns[i].width);
      gtk_column_view_column_set_expand (column, i == COLUMN_NICK || i == COLUMN_NAME);
      gtk_column_view_append_column (self->column_view, column);
    }
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (view_sorter_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
sd_customers_page_dispose (GObject *object)
{
  SdCustomersPage *self = SD_CUSTOMERS_PAGE (object);

  /* AdwBin unparents its child itself: hand it over first, so it is not done twice. */
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  /* A query still running answers after the widgets are gone: it must find no one. */
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_CUSTOMERS_PAGE);
  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_object (&self->column_sorters[i]);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);
  g_clear_object (&self->tags);
  g_clear_object (&self->provinces);
  g_clear_object (&self->tier_names);
  G_OBJECT_CLASS (sd_customers_page_parent_class)->dispose (object);
}

static void
sd_customers_page_finalize (GObject *object)
{
  SdCustomersPage *self = SD_CUSTOMERS_PAGE (object);

  g_clear_pointer (&self->query, sd_customer_query_free);
  g_clear_pointer (&self->subset_condition, sd_condition_unref);
  g_clear_pointer (&self->subset_ids, g_array_unref);
  g_clear_pointer (&self->ladder, sd_tier_ladder_free);
  G_OBJECT_CLASS (sd_customers_page_parent_class)->finalize (object);
}

static void
sd_customers_page_class_init (SdCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_customers_page_dispose;
  object_class->finalize = sd_customers_page_finalize;

  signals[COUNT_CHANGED] = g_signal_new ("count-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SD_TYPE_CUSTOMER_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, detail);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, empty_import_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, export_selection_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, import_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, last_order_filter);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, max_spent);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, min_spent);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, province_filter);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, selection_label);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, sms_selection_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, subset_label);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, subset_revealer);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, tag_filter);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, tag_selection_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, tier_filter);
  gtk_widget_class_bind_template_child (widget_class, SdCustomersPage, title);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_cb);
  gtk_widget_class_bind_template_callback (widget_class, detail_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, detail_merged_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_subset_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_all_cb);
  gtk_widget_class_bind_template_callback (widget_class, spend_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_action (widget_class, "customer.tag-selection", NULL, tag_selection_action);
  gtk_widget_class_install_action (widget_class, "customer.export-selection", NULL, export_selection_action);
  gtk_widget_class_install_action (widget_class, "customer.sms-selection", NULL, sms_selection_action);
  gtk_widget_class_install_action (widget_class, "customer.unselect", NULL, unselect_action);
  gtk_widget_class_install_action (widget_class, "customer.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "customer.reload", NULL, reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "customer.back", NULL);
}

static void
sd_customers_page_init (SdCustomersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->query = sd_customer_query_new ();
  self->total = -1;
  self->list = sd_customer_list_new ();
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->list)));
  self->probe_a = sd_customer_row_new (1, NULL);
  self->probe_b = sd_customer_row_new (2, NULL);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  add_columns (self);

  g_signal_connect_object (self->list, "loaded", G_CALLBACK (list_loaded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "replacing", G_CALLBACK (list_replacing_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (loading_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  self->tags = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->tag_filter, G_LIST_MODEL (self->tags));
  self->provinces = gtk_string_list_new (NULL);
  gtk_string_list_append (self->provinces, _("Any province"));
  for (guint i = 0; i < sd_address_get_n_provinces (); i++)
    gtk_string_list_append (self->provinces, sd_address_get_province (i));
  gtk_drop_down_set_model (self->province_filter, G_LIST_MODEL (self->provinces));
  self->tier_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->tier_filter, G_LIST_MODEL (self->tier_names));
  load_ladder (self);
  g_signal_connect_object (gtk_menu_button_get_popover (self->filter_button), "show",
                           G_CALLBACK (filter_popover_shown_cb), self, G_CONNECT_SWAPPED);
  selection_changed_cb (self);
  loading_changed_cb (self);
  sd_customers_page_update_permissions (self);
}

void
sd_customers_page_set_session (SdCustomersPage *self,
                               SdSession       *session,
                               SdSettings      *settings)
{
  g_return_if_fail (SD_IS_CUSTOMERS_PAGE (self));

  g_set_object (&self->settings, settings);
  if (!g_set_object (&self->session, session))
    return;

  /* A new shop starts with an empty search, no filters and the default order. */
  self->updating_filters = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  self->updating_filters = FALSE;
  reset_filter_widgets (self);
  set_subset (self, NULL, NULL, NULL);
  g_clear_pointer (&self->query, sd_customer_query_free);
  self->query = sd_customer_query_new ();
  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
  load_ladder (self);

  sd_customer_detail_set_session (self->detail, session, settings);
  sd_customers_page_update_permissions (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
  refresh_total (self);
  /* The shop's tags are read when the filter is opened: on a million customers a
   * listing the first rows would wait for. */
  show_tags (self, NULL, 0);
  sd_customer_list_set_session (self->list, session);
  if (session != NULL)
    sd_customer_list_set_query (self->list, self->query);
  update_count (self);
}

void
sd_customers_page_set_folded (SdCustomersPage *self,
                              gboolean         folded)
{
  g_return_if_fail (SD_IS_CUSTOMERS_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->sidebar_button), folded);
}

void
sd_customers_page_focus_search (SdCustomersPage *self)
{
  g_return_if_fail (SD_IS_CUSTOMERS_PAGE (self));

  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

const SdCustomerQuery *
sd_customers_page_get_query (SdCustomersPage *self)
{
  g_return_val_if_fail (SD_IS_CUSTOMERS_PAGE (self), NULL);
  return self->query;
}

gint64
sd_customers_page_get_total (SdCustomersPage *self)
{
  g_return_val_if_fail (SD_IS_CUSTOMERS_PAGE (self), -1);
  return self->total;
}

void
sd_customers_page_reload (SdCustomersPage *self)
{
  g_return_if_fail (SD_IS_CUSTOMERS_PAGE (self));

  if (self->session == NULL)
    return;
  refresh_total (self);
  load_tags (self);
  load_ladder (self);
  sd_customer_list_reload (self->list);
}

void
sd_customers_page_update_permissions (SdCustomersPage *self)
{
  gboolean import;

  g_return_if_fail (SD_IS_CUSTOMERS_PAGE (self));

  /* The buttons bound to actions follow the actions' state; the tooltips say why. */
  import = sd_permission_ui_explain (GTK_WIDGET (self->import_button), self->session,
                                     SD_PERMISSION_IMPORT_CUSTOMERS,
                                     _("Import customers or orders from a file (Ctrl+I)"));
  sd_permission_ui_explain (GTK_WIDGET (self->export_selection_button), self->session,
                            SD_PERMISSION_EXPORT_CUSTOMERS, _("Export the selected customers to a file"));
  sd_permission_ui_explain (GTK_WIDGET (self->tag_selection_button), self->session,
                            SD_PERMISSION_EDIT_CUSTOMERS, _("Add a tag to the selected customers"));
  sd_permission_ui_explain (GTK_WIDGET (self->sms_selection_button), self->session,
                            SD_PERMISSION_COMPOSE_CAMPAIGNS, _("Write an SMS campaign to the selected customers"));
  /* An empty shop says what to do next: import, or ask someone who may. */
  gtk_widget_set_visible (GTK_WIDGET (self->empty_import_button), import || self->session == NULL);
  adw_status_page_set_description (self->empty_page, import || self->session == NULL
      ? _("Import the customer list or the sold-orders report you downloaded from your store, as a CSV file from Excel or WPS.")
      : _("Customers appear here once someone whose role may import customers has imported them."));
  selection_changed_cb (self);
  sd_customer_detail_update_permissions (self->detail);
}

void
sd_customers_page_show_subset (SdCustomersPage *self,
                               SdCondition     *condition,
                               GArray          *ids,
                               const char      *label)
{
  g_return_if_fail (SD_IS_CUSTOMERS_PAGE (self));
  g_return_if_fail (ids == NULL || g_array_get_element_size (ids) == sizeof (gint64));

  gtk_stack_set_visible_child_name (self->stack, "list");
  clear_search (self);
  gtk_toggle_button_set_active (self->search_button, FALSE);
  clear_filters (self);
  set_subset (self, condition, ids, label);
  compose_condition (self);
  apply_query (self);
}

gboolean
sd_customers_page_get_subset_shown (SdCustomersPage *self)
{
  g_return_val_if_fail (SD_IS_CUSTOMERS_PAGE (self), FALSE);
  return self->subset_condition != NULL || self->subset_ids != NULL;
}

void
sd_customers_page_reload_tiers (SdCustomersPage *self)
{
  g_return_if_fail (SD_IS_CUSTOMERS_PAGE (self));

  sd_customers_page_reload (self);
  /* A customer shown: their badge and history too. */
  if (self->session != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") == 0)
    sd_customer_detail_show (self->detail, sd_customer_detail_get_customer_id (self->detail));
}

void
sd_customers_page_refresh (SdCustomersPage *self)
{
  g_return_if_fail (SD_IS_CUSTOMERS_PAGE (self));

  if (self->session == NULL)
    return;
  /* The tag filter's choices are read when its popover opens. */
  refresh_total (self);
  load_ladder (self);
  sd_customer_list_refresh (self->list);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "detail") == 0)
    sd_customer_detail_refresh (self->detail);
}
