/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-customer-detail"

#include <glib/gi18n.h>

#include "sd-customer-detail.h"
#include "sd-customer-tiers.h"
#include "sd-customers.h"
#include "sd-edit-conflict.h"
#include "sd-error.h"
#include "sd-format.h"
#include "sd-merge-dialog.h"
#include "sd-order-row.h"
#include "sd-permission-ui.h"
#include "sd-phone.h"
#include "sd-values.h"
#include "sd-window.h"
#include "sd-wrap-layout.h"

/* Orders drawn at a time: a big buyer's history grows as it is read, not all at once. */
#define ORDERS_PAGE 50

typedef enum
{
  FIGURE_SPENT,
  FIGURE_ORDERS,
  FIGURE_AVERAGE,
  FIGURE_FIRST_ORDER,
  FIGURE_LAST_ORDER,
  FIGURE_REFUNDS,
  N_FIGURES
} Figure;

static const char *figure_captions[N_FIGURES] = {
  [FIGURE_SPENT] = N_("Total Spent"),
  [FIGURE_ORDERS] = N_("Orders"),
  [FIGURE_AVERAGE] = N_("Average Order"),
  [FIGURE_FIRST_ORDER] = N_("First Order"),
  [FIGURE_LAST_ORDER] = N_("Last Order"),
  [FIGURE_REFUNDS] = N_("Refunds"),
};

struct _SdCustomerDetail
{
  AdwBin              parent_instance;

  SdSession          *session;
  SdSettings         *settings;
  gint64              id;
  SdCustomer         *customer;        /* as last read; NULL when there is none */
  /* The record the profile's fields were filled from: what the user's edits are edits of.
   * Older than CUSTOMER when someone else saved while the user was typing. */
  SdCustomer         *base;
  SdCustomer         *draft;           /* edits left unsaved when the page was left */
  SdCustomer         *draft_base;      /* the draft's base */
  GPtrArray          *orders;          /* SdOrder *, newest first; NULL while loading */
  guint               orders_shown;
  GCancellable       *orders_cancellable;
  guint               orders_generation;
  gboolean            can_edit;        /* customers.edit, as last read */
  gboolean            can_merge;       /* customers.merge */
  gboolean            filling;         /* widgets being set from the record, not by the user */
  gboolean            setting_switch;
  gboolean            draft_kept;      /* the edits in the fields are the draft's */
  GtkWidget          *error_widget;    /* where the last save error is shown */
  char               *error_text;      /* what that field held then */
  GtkListStore       *tag_completions;
  GtkLabel           *figure_values[N_FIGURES];
  GtkLabel           *notes_placeholder;
  GtkLabel           *orders_placeholder;

  GtkImage           *address_lock;
  AdwEntryRow        *address_row;
  GtkLabel           *address_error;
  AdwEntryRow        *birthday_row;
  AdwEntryRow        *city_row;
  GtkLabel           *created_label;
  AdwEntryRow        *district_row;
  AdwEntryRow        *email_row;
  AdwStatusPage      *error_page;
  GtkFlowBox         *figures;
  AdwComboRow        *gender_row;
  GtkMenuButton      *menu_button;
  GtkButton          *more_orders_button;
  AdwEntryRow        *name_row;
  AdwActionRow       *nick_row;
  GtkEntry           *note_entry;
  GtkLabel           *note_error;
  GtkBox             *note_add_box;
  GtkListBox         *notes_list;
  AdwPreferencesGroup *orders_group;
  GtkListBox         *orders_list;
  GtkSpinner         *orders_spinner;
  GtkImage           *phone_lock;
  AdwEntryRow        *phone_row;
  GtkLabel           *phone_state_label;
  GtkLabel           *platform_label;
  GtkLabel           *no_tags_label;
  GtkLabel           *profile_error;
  AdwPreferencesGroup *profile_group;
  AdwEntryRow        *province_row;
  GtkButton          *revert_button;
  GtkButton          *save_button;
  GtkScrolledWindow  *scroller;
  AdwActionRow       *sms_row;
  GtkSwitch          *sms_switch;
  AdwEntryRow        *source_row;
  GtkStack           *stack;
  GtkBox             *tag_add_box;
  GtkEntry           *tag_entry;
  GtkLabel           *tag_error;
  GtkBox             *tags_box;
  SdCustomerTiers    *tiers;
  AdwWindowTitle     *title;
  GtkLabel           *updated_label;
};

G_DEFINE_FINAL_TYPE (SdCustomerDetail, sd_customer_detail, ADW_TYPE_BIN)

enum {
  CHANGED,
  MERGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The profile's free-text fields: the core's field name (as out_field reports it), the
 * row that edits it and the record's member. */
static const struct
{
  const char *field;
  glong       row;
  glong       value;
  gboolean    address;
} text_fields[] = {
  { "name", G_STRUCT_OFFSET (SdCustomerDetail, name_row), G_STRUCT_OFFSET (SdCustomer, name),
    FALSE },
  { "email", G_STRUCT_OFFSET (SdCustomerDetail, email_row), G_STRUCT_OFFSET (SdCustomer, email),
    FALSE },
  { "birthday", G_STRUCT_OFFSET (SdCustomerDetail, birthday_row),
    G_STRUCT_OFFSET (SdCustomer, birthday), FALSE },
  { "source", G_STRUCT_OFFSET (SdCustomerDetail, source_row), G_STRUCT_OFFSET (SdCustomer, source),
    FALSE },
  { "province", G_STRUCT_OFFSET (SdCustomerDetail, province_row),
    G_STRUCT_OFFSET (SdCustomer, province), TRUE },
  { "city", G_STRUCT_OFFSET (SdCustomerDetail, city_row), G_STRUCT_OFFSET (SdCustomer, city),
    TRUE },
  { "district", G_STRUCT_OFFSET (SdCustomerDetail, district_row),
    G_STRUCT_OFFSET (SdCustomer, district), TRUE },
  { "address", G_STRUCT_OFFSET (SdCustomerDetail, address_row),
    G_STRUCT_OFFSET (SdCustomer, address), TRUE },
};

#define TEXT_ROW(self, i) G_STRUCT_MEMBER (AdwEntryRow *, (self), text_fields[i].row)
#define TEXT_VALUE(c, i) G_STRUCT_MEMBER (char *, (c), text_fields[i].value)

typedef struct
{
  SdCustomerDetail *detail;
  SdSession        *session;
  gint64            customer_id;
  SdNote           *note;       /* a note to put back, or */
  char             *tag;        /* a tag to add again */
} Undo;

typedef struct
{
  SdSession *session;     /* the account the worker acts as */
  gint64     customer_id;
  guint      generation;
} OrdersJob;

static gboolean load_customer (SdCustomerDetail *self,
                               gboolean          refill_profile,
                               gboolean          reload_orders);

static void
undo_free (Undo *undo)
{
  g_object_unref (undo->detail);
  g_object_unref (undo->session);
  g_clear_pointer (&undo->note, sd_note_free);
  g_free (undo->tag);
  g_free (undo);
}

static void
orders_job_free (OrdersJob *job)
{
  g_object_unref (job->session);
  g_free (job);
}

static void
show_toast (SdCustomerDetail *self,
            AdwToast         *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (SD_IS_WINDOW (root))
    sd_window_add_toast (SD_WINDOW (root), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static char *
display_name (const SdCustomer *c)
{
  if (*c->name)
    return g_strdup (c->name);
  if (*c->nick)
    return g_strdup (c->nick);
  if (*c->phone)
    return sd_phone_format_display (c->phone);
  /* TRANSLATORS: a customer with neither name, nick nor phone, by number */
  return g_strdup_printf (_("Customer #%lld"), (long long) c->id);
}

static const char *
platform_label (const char *platform)
{
  if (g_strcmp0 (platform, "taobao") == 0)
    return _("Taobao");
  if (g_strcmp0 (platform, "tmall") == 0)
    return _("Tmall");
  if (g_strcmp0 (platform, "shopify") == 0)
    return "Shopify";
  if (g_strcmp0 (platform, "other") == 0)
    return _("Other store");
  return platform;
}

/* The mobile number as the entry shows it: grouped when it is a number, as given when not. */
static char *
phone_edit_text (const SdCustomer *c)
{
  if (c->phone_state == SD_PHONE_VALID)
    return sd_phone_format_display (c->phone);
  return g_strdup (c->phone);
}

/* The gender row's choice for C: its order is the enum's; a value it does not know shows
 * as "not known" (and stays as stored unless the user picks another). */
static guint
shown_gender (const SdCustomer *c)
{
  return c->gender <= SD_GENDER_FEMALE ? (guint) c->gender : SD_GENDER_UNKNOWN;
}

static char *
when_text (SdCustomerDetail *self,
           gint64            utc)
{
  if (self->settings == NULL || sd_settings_get_relative_dates (self->settings))
    return sd_format_when (utc, g_get_real_time () / G_USEC_PER_SEC);
  return sd_format_date (utc);
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Whether the text in ROW says what VALUE says, spaces around either aside (the core
 * trims what it saves). */
static gboolean
row_shows (AdwEntryRow *row,
           const char  *value)
{
  g_autofree char *text = entry_text (row);
  g_autofree char *stored = g_strstrip (g_strdup (value ? value : ""));

  return g_strcmp0 (text, stored) == 0;
}

/* Copies what the user typed into C (a copy of the record); whether the mobile changed. */
static gboolean
apply_edits (SdCustomerDetail *self,
             SdCustomer       *c)
{
  g_autofree char *shown = phone_edit_text (self->base);
  gboolean phone_changed = !row_shows (self->phone_row, shown);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      g_autofree char *text = entry_text (TEXT_ROW (self, i));
      sd_customer_set_text (&TEXT_VALUE (c, i), text);
    }
  if (phone_changed)
    {
      g_autofree char *phone = entry_text (self->phone_row);
      sd_customer_set_text (&c->phone, phone);
    }
  if (adw_combo_row_get_selected (self->gender_row) != shown_gender (self->base))
    c->gender = (SdGender) adw_combo_row_get_selected (self->gender_row);
  return phone_changed;
}

static gboolean
is_dirty (SdCustomerDetail *self)
{
  g_autofree char *shown = NULL;

  if (self->customer == NULL || self->base == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (!row_shows (TEXT_ROW (self, i), TEXT_VALUE (self->base, i)))
      return TRUE;
  shown = phone_edit_text (self->base);
  if (!row_shows (self->phone_row, shown))
    return TRUE;
  return adw_combo_row_get_selected (self->gender_row) != shown_gender (self->base);
}

static void
update_actions (SdCustomerDetail *self)
{
  gboolean loaded = self->customer != NULL &&
                    g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "customer") == 0;
  gboolean dirty = loaded && is_dirty (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.save", dirty && self->can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.revert", dirty);
  /* A merge reloads the page: unsaved edits would be lost under it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "detail.merge",
                                 loaded && !dirty && self->can_merge);
}

static void
clear_field_errors (SdCustomerDetail *self)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->name_row),     GTK_WIDGET (self->phone_row),
                        GTK_WIDGET (self->email_row),    GTK_WIDGET (self->gender_row),
                        GTK_WIDGET (self->birthday_row), GTK_WIDGET (self->source_row),
                        GTK_WIDGET (self->province_row), GTK_WIDGET (self->city_row),
                        GTK_WIDGET (self->district_row), GTK_WIDGET (self->address_row) };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gtk_widget_remove_css_class (rows[i], "error");
      gtk_widget_set_tooltip_text (rows[i], NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->profile_error), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->address_error), FALSE);
  self->error_widget = NULL;
  g_clear_pointer (&self->error_text, g_free);
}

/* Marks the row of FIELD (as the core names it) and says why under its group. */
static void
show_field_error (SdCustomerDetail *self,
                  const char       *field,
                  const char       *message)
{
  GtkWidget *row = NULL;
  GtkLabel *label = self->profile_error;

  clear_field_errors (self);
  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (text_fields); i++)
    if (g_strcmp0 (field, text_fields[i].field) == 0)
      {
        row = GTK_WIDGET (TEXT_ROW (self, i));
        if (text_fields[i].address)
          label = self->address_error;
      }
  if (g_strcmp0 (field, "phone") == 0)
    row = GTK_WIDGET (self->phone_row);
  else if (g_strcmp0 (field, "gender") == 0)
    row = GTK_WIDGET (self->gender_row);
  else if (g_strcmp0 (field, "nick") == 0)
    /* The nick cannot be edited here; what the user can change is the name. */
    row = GTK_WIDGET (self->name_row);

  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  if (row == NULL)
    return;
  gtk_widget_add_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, message);
  self->error_widget = row;
  if (ADW_IS_ENTRY_ROW (row))
    self->error_text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
  gtk_widget_grab_focus (row);
}

static void
update_phone_state (SdCustomerDetail *self)
{
  g_autofree char *shown = self->customer ? phone_edit_text (self->customer) : NULL;
  GtkWidget *label = GTK_WIDGET (self->phone_state_label);
  SdPhoneState state = self->customer ? self->customer->phone_state : SD_PHONE_NONE;

  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "dim-label");
  /* Once the user types another number, the old state no longer speaks for it. */
  if (!row_shows (self->phone_row, shown))
    state = SD_PHONE_NONE;
  /* Masked for this account, not by the store: the lock beside it says so. */
  if (self->customer != NULL && self->customer->contact_masked)
    state = SD_PHONE_NONE;
  switch (state)
    {
    case SD_PHONE_MASKED:
      gtk_label_set_label (GTK_LABEL (label), _("Masked"));
      gtk_widget_set_tooltip_text (label,
                                   _("The store hid part of this number, so it cannot receive text messages. Type the full number to replace it."));
      gtk_widget_add_css_class (label, "dim-label");
      break;
    case SD_PHONE_INVALID:
      gtk_label_set_label (GTK_LABEL (label), _("Not a valid number"));
      gtk_widget_set_tooltip_text (label, _("Kept as it was imported; no text message is sent to it. Type a mobile number to replace it."));
      gtk_widget_add_css_class (label, "warning");
      break;
    case SD_PHONE_NONE:
    case SD_PHONE_VALID:
    default:
      break;
    }
  gtk_widget_set_visible (label, state == SD_PHONE_MASKED || state == SD_PHONE_INVALID);
}

/* What the account may change, on the widgets: fields it may not edit are read only, the
 * controls of changes it may not make are gone, and what is masked says why. */
static void
apply_permissions (SdCustomerDetail *self)
{
  gboolean masked = self->customer != NULL && self->customer->contact_masked;
  g_autofree char *edit_missing = sd_permission_ui_tooltip (SD_PERMISSION_EDIT_CUSTOMERS);
  g_autofree char *masked_tooltip = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    sd_permission_ui_set_row_editable (TEXT_ROW (self, i), self->can_edit && !(masked && text_fields[i].address));
  sd_permission_ui_set_row_editable (self->phone_row, self->can_edit && !masked);
  gtk_widget_set_sensitive (GTK_WIDGET (self->gender_row), self->can_edit);
  adw_preferences_group_set_description (self->profile_group,
                                         self->can_edit ? NULL : edit_missing);
  gtk_widget_set_visible (GTK_WIDGET (self->tag_add_box), self->can_edit);
  gtk_widget_set_visible (GTK_WIDGET (self->note_add_box), self->can_edit);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sms_switch), self->can_edit);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->sms_row), self->can_edit ? NULL : edit_missing);

  if (masked)
    /* TRANSLATORS: %s is the permission's name, “See full phone numbers and addresses” */
    masked_tooltip = g_strdup_printf (_("Partly hidden: the full number and address need the “%s” permission"),
                                      sd_permission_get_label (SD_PERMISSION_SEE_CONTACT));
  gtk_widget_set_visible (GTK_WIDGET (self->phone_lock), masked);
  gtk_widget_set_visible (GTK_WIDGET (self->address_lock), masked);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->phone_lock), masked_tooltip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->address_lock), masked_tooltip);
  if (masked_tooltip != NULL)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->phone_lock),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, masked_tooltip, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->address_lock),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, masked_tooltip, -1);
    }
}

static void
fill_profile_from (SdCustomerDetail *self,
                   const SdCustomer *c)
{
  g_autofree char *phone = phone_edit_text (c);

  self->filling = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    gtk_editable_set_text (GTK_EDITABLE (TEXT_ROW (self, i)), TEXT_VALUE (c, i));
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), phone);
  adw_combo_row_set_selected (self->gender_row, shown_gender (c));
  self->filling = FALSE;
  clear_field_errors (self);
  update_phone_state (self);
}

/* Fills the profile's fields from C, which becomes what the user's edits are edits of. */
static void
fill_profile (SdCustomerDetail *self,
              const SdCustomer *c)
{
  fill_profile_from (self, c);
  g_clear_pointer (&self->base, sd_customer_free);
  self->base = sd_customer_copy (c);
}

/* Whether A and B agree on every field the profile edits. */
static gboolean
same_profile (const SdCustomer *a,
              const SdCustomer *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (g_strcmp0 (TEXT_VALUE (a, i), TEXT_VALUE (b, i)) != 0)
      return FALSE;
  return g_strcmp0 (a->phone, b->phone) == 0 && a->gender == b->gender;
}

static void
fill_title (SdCustomerDetail *self)
{
  const SdCustomer *c = self->customer;
  g_autofree char *name = display_name (c);

  adw_window_title_set_title (self->title, name);
  /* The nick beside a name, for the many buyers known by both. */
  adw_window_title_set_subtitle (self->title, *c->name && *c->nick ? c->nick : "");
  adw_action_row_set_subtitle (self->nick_row, *c->nick ? c->nick : "—");
  gtk_label_set_label (self->platform_label, platform_label (c->platform));
}

static void
set_figure (SdCustomerDetail *self,
            Figure            figure,
            const char       *text,
            const char       *tooltip)
{
  gtk_label_set_label (self->figure_values[figure], text);
  gtk_widget_set_tooltip_text (gtk_widget_get_parent (GTK_WIDGET (self->figure_values[figure])),
                               tooltip);
}

static void
fill_figures (SdCustomerDetail *self)
{
  const SdCustomer *c = self->customer;
  g_autofree char *spent = sd_format_money_display (c->total_spent_cents);
  g_autofree char *orders = sd_format_count (c->order_count);
  g_autofree char  *average = c->order_count > 0
                                ? sd_format_money_display (sd_customer_get_average_order_cents (c))
                                : g_strdup ("—");
  g_autofree char *first = when_text (self, c->first_order_at);
  g_autofree char *first_exact = c->first_order_at ? sd_format_datetime (c->first_order_at) : NULL;
  g_autofree char *last = when_text (self, c->last_order_at);
  g_autofree char *last_exact = c->last_order_at ? sd_format_datetime (c->last_order_at) : NULL;
  g_autofree char *refunds = sd_format_count (c->refund_count);

  set_figure (self, FIGURE_SPENT, spent,
              _("What the customer paid for orders that count: paid, and not fully refunded"));
  set_figure (self, FIGURE_ORDERS, orders, NULL);
  set_figure (self, FIGURE_AVERAGE, average, NULL);
  set_figure (self, FIGURE_FIRST_ORDER, first, first_exact);
  set_figure (self, FIGURE_LAST_ORDER, last, last_exact);
  set_figure (self, FIGURE_REFUNDS, refunds, _("Orders on which money went back to the buyer"));
}

static void
fill_sms (SdCustomerDetail *self)
{
  const SdCustomer *c = self->customer;
  gboolean opted_out = c->sms_opt_out_at > 0;

  self->setting_switch = TRUE;
  gtk_switch_set_active (self->sms_switch, opted_out);
  self->setting_switch = FALSE;
  if (opted_out)
    {
      g_autofree char *date = sd_format_date (c->sms_opt_out_at);
      g_autofree char *subtitle = NULL;

      if (*c->sms_opt_out_reason)
        /* TRANSLATORS: "Since 2026-11-19: asked on the phone" */
        subtitle = g_strdup_printf (_("Since %s: %s"), date, c->sms_opt_out_reason);
      else
        /* TRANSLATORS: "Since 2026-11-19" */
        subtitle = g_strdup_printf (_("Since %s"), date);
      adw_action_row_set_subtitle (self->sms_row, subtitle);
    }
  else
    adw_action_row_set_subtitle (self->sms_row,
                                 _("Campaigns may send text messages to this customer."));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      /* The placeholder is the list's own child too; it stays. */
      if (GTK_IS_LIST_BOX_ROW (child))
        gtk_list_box_remove (list, child);
      child = next;
    }
}

static void remove_tag_cb (SdCustomerDetail *self,
                           GtkButton        *button);

static GtkWidget *
tag_chip (SdCustomerDetail *self,
          const char       *tag)
{
  GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (tag);
  GtkWidget *button = gtk_button_new_from_icon_name ("window-close-symbolic");
  /* TRANSLATORS: tooltip of the button that removes a tag from a customer */
  g_autofree char *tooltip = g_strdup_printf (_("Remove the Tag “%s”"), tag);

  gtk_widget_add_css_class (chip, "card");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 2);
  gtk_box_append (GTK_BOX (chip), label);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  g_object_set_data_full (G_OBJECT (button), "tag", g_strdup (tag), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (remove_tag_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (chip), button);
  /* Read only: the chip keeps its room, without the button. */
  if (!self->can_edit)
    {
      gtk_widget_set_visible (button, FALSE);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
    }
  return chip;
}

/* Read when the entry is about to be typed in, not with every change to the customer:
 * listing every tag of a large shop is a scan. */
static void
tag_entry_focused_cb (SdCustomerDetail *self)
{
  g_autoptr(GPtrArray) tags = NULL;

  if (self->customer == NULL || self->session == NULL)
    return;
  tags = sd_customers_list_tags (self->session, NULL);
  gtk_list_store_clear (self->tag_completions);
  for (guint i = 0; tags != NULL && i < tags->len; i++)
    {
      const char *tag = g_ptr_array_index (tags, i);
      gboolean has = FALSE;

      /* Only the tags the customer does not have yet are worth offering. */
      for (guint j = 0; j < self->customer->tags->len && !has; j++)
        has = g_strcmp0 (g_ptr_array_index (self->customer->tags, j), tag) == 0;
      if (!has)
        gtk_list_store_insert_with_values (self->tag_completions, NULL, -1, 0, tag, -1);
    }
}

static void
fill_tags (SdCustomerDetail *self)
{
  GtkWidget *child;
  GPtrArray *tags = self->customer->tags;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_box_remove (self->tags_box, child);
  for (guint i = 0; i < tags->len; i++)
    gtk_box_append (self->tags_box, tag_chip (self, g_ptr_array_index (tags, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->tags_box), tags->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_tags_label), tags->len == 0);
}

static void delete_note_cb (SdCustomerDetail *self,
                            GtkButton        *button);

static GtkWidget *
note_row (SdCustomerDetail *self,
          const SdNote     *note)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *when = when_text (self, note->created_at);
  g_autofree char *exact = sd_format_datetime (note->created_at);
  g_autofree char *subtitle = NULL;
  gint64 *id = g_new (gint64, 1);

  if (note->author_name != NULL && *note->author_name)
    /* TRANSLATORS: who wrote a note and when: "店主 · 3 days ago" */
    subtitle = g_strdup_printf (_("%s · %s"), note->author_name, when);
  else
    subtitle = g_strdup (when);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), note->body);
  adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), TRUE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_tooltip_text (row, exact);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Delete the Note"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Delete the note"), -1);
  *id = note->id;
  g_object_set_data_full (G_OBJECT (button), "note-id", id, g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (delete_note_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  gtk_widget_set_visible (button, self->can_edit);
  return row;
}

static void
fill_notes (SdCustomerDetail *self)
{
  GPtrArray *notes = self->customer->notes;

  clear_list (self->notes_list);
  /* The core keeps them oldest first; people read the latest first. */
  for (guint i = notes ? notes->len : 0; i > 0; i--)
    gtk_list_box_append (self->notes_list, note_row (self, g_ptr_array_index (notes, i - 1)));
}

static void
fill_record (SdCustomerDetail *self)
{
  g_autofree char *created = sd_format_datetime (self->customer->created_at);
  g_autofree char *updated = when_text (self, self->customer->updated_at);
  g_autofree char *updated_exact = sd_format_datetime (self->customer->updated_at);

  gtk_label_set_label (self->created_label, created);
  gtk_label_set_label (self->updated_label, updated);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->updated_label), updated_exact);
}

static void
fill_tiers (SdCustomerDetail *self)
{
  g_autofree char *name = display_name (self->customer);

  sd_customer_tiers_show (self->tiers, self->id, name);
}

static void
show_more_orders (SdCustomerDetail *self)
{
  guint end = MIN (self->orders_shown + ORDERS_PAGE, self->orders->len);
  guint left;

  for (; self->orders_shown < end; self->orders_shown++)
    gtk_list_box_append (self->orders_list,
                         sd_order_row_new (g_ptr_array_index (self->orders, self->orders_shown)));
  left = self->orders->len - self->orders_shown;
  if (left > 0)
    {
      g_autofree char *count = sd_format_count (MIN (left, ORDERS_PAGE));
      g_autofree char *label =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Show %s More Order",
                                      "_Show %s More Orders", MIN (left, ORDERS_PAGE)),
                         count);
      gtk_button_set_label (self->more_orders_button, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_orders_button), left > 0);
}

static void
more_orders_cb (SdCustomerDetail *self)
{
  if (self->orders != NULL)
    show_more_orders (self);
}

static void
orders_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  OrdersJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = NULL;
  GPtrArray *orders = NULL;

  /* Its own connection: the main thread's is not to be shared across threads. */
  session = sd_session_open_copy (job->session, &error);
  if (session != NULL)
    orders = sd_customers_get_orders (session, job->customer_id, &error);
  if (orders != NULL)
    g_task_return_pointer (task, orders, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
orders_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SdCustomerDetail *self = SD_CUSTOMER_DETAIL (source);
  OrdersJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *count = NULL;
  g_autofree char *description = NULL;

  /* Another customer (or the same one again) was asked for since: this answer is stale. */
  if (job->generation != self->orders_generation)
    return;
  gtk_spinner_stop (self->orders_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->orders_spinner), FALSE);
  if (orders == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Could not read the orders: %s"), error->message);
      gtk_label_set_label (self->orders_placeholder, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->orders_placeholder), "error");
      return;
    }

  g_clear_pointer (&self->orders, g_ptr_array_unref);
  self->orders = g_steal_pointer (&orders);
  self->orders_shown = 0;
  clear_list (self->orders_list);
  gtk_label_set_label (
    self->orders_placeholder,
    _("No orders yet. Import the sold-orders report from your store to see them here."));
  if (self->orders->len > 0)
    {
      count = sd_format_count (self->orders->len);
      /* TRANSLATORS: description of the customer's order list */
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s order, newest first",
                                                  "%s orders, newest first", self->orders->len),
                                     count);
    }
  adw_preferences_group_set_description (self->orders_group, description);
  show_more_orders (self);
}

static void
load_orders (SdCustomerDetail *self)
{
  g_autoptr(GTask) task = NULL;
  OrdersJob *job;

  g_cancellable_cancel (self->orders_cancellable);
  g_clear_object (&self->orders_cancellable);
  self->orders_generation++;
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  self->orders_shown = 0;
  clear_list (self->orders_list);
  gtk_widget_set_visible (GTK_WIDGET (self->more_orders_button), FALSE);
  adw_preferences_group_set_description (self->orders_group, NULL);
  gtk_label_set_label (self->orders_placeholder, _("Reading the orders…"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->orders_placeholder), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->orders_spinner), TRUE);
  gtk_spinner_start (self->orders_spinner);

  job = g_new0 (OrdersJob, 1);
  job->session = g_object_ref (self->session);
  job->customer_id = self->id;
  job->generation = self->orders_generation;
  self->orders_cancellable = g_cancellable_new ();

  task = g_task_new (self, self->orders_cancellable, orders_done_cb, NULL);
  g_task_set_source_tag (task, load_orders);
  g_task_set_task_data (task, job, (GDestroyNotify) orders_job_free);
  g_task_run_in_thread (task, orders_thread);
}

static void
show_page (SdCustomerDetail *self,
           const char       *page)
{
  gboolean customer = g_str_equal (page, "customer");

  gtk_stack_set_visible_child_name (self->stack, page);
  if (!customer)
    {
      adw_window_title_set_title (self->title, _("Customer"));
      adw_window_title_set_subtitle (self->title, "");
    }
  /* Save, Cancel and the menu act on a customer: without one they go. */
  gtk_widget_set_visible (GTK_WIDGET (self->save_button), customer && self->can_edit);
  gtk_widget_set_visible (GTK_WIDGET (self->revert_button), customer && self->can_edit);
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), customer && self->can_merge);
  update_actions (self);
}

static void
show_gone (SdCustomerDetail *self)
{
  g_clear_pointer (&self->customer, sd_customer_free);
  g_clear_pointer (&self->base, sd_customer_free);
  g_cancellable_cancel (self->orders_cancellable);
  self->orders_generation++;
  show_page (self, "gone");
}

/* After a change the core refused: a customer gone is its own page; anything else is said
 * in a toast, in the core's words. */
static void
report_error (SdCustomerDetail *self,
              const GError     *error)
{
  if (g_error_matches (error, SD_ERROR, SD_ERROR_NOT_FOUND) && !load_customer (self, FALSE, FALSE))
    return;
  show_toast (self, adw_toast_new (error->message));
}

/* Reads the customer again. REFILL_PROFILE puts the record's values into the editable
 * fields (dropping edits); without it the user's edits stay. */
static gboolean
load_customer (SdCustomerDetail *self,
               gboolean          refill_profile,
               gboolean          reload_orders)
{
  g_autoptr(GError) error = NULL;
  SdCustomer *customer;
  gboolean dirty;

  if (self->session == NULL || self->id <= 0)
    {
      show_gone (self);
      return FALSE;
    }
  customer = sd_customers_get (self->session, self->id, &error);
  if (customer == NULL)
    {
      if (g_error_matches (error, SD_ERROR, SD_ERROR_NOT_FOUND))
        show_gone (self);
      else
        {
          g_clear_pointer (&self->customer, sd_customer_free);
          adw_status_page_set_description (self->error_page, error->message);
          show_page (self, "error");
        }
      return FALSE;
    }

  dirty = self->base != NULL && self->base->id == customer->id && is_dirty (self);
  g_clear_pointer (&self->customer, sd_customer_free);
  self->customer = customer;
  apply_permissions (self);
  fill_title (self);
  fill_figures (self);
  /* Fields nobody is typing in show the newest record. Under the user's edits the base
   * moves on only when the profile it shows is unchanged (a tag, an opt-out); otherwise
   * the save combines both people's edits, or asks (see save_action). */
  if (refill_profile || !dirty)
    fill_profile (self, customer);
  else if (same_profile (self->base, customer))
    {
      g_clear_pointer (&self->base, sd_customer_free);
      self->base = sd_customer_copy (customer);
    }
  update_phone_state (self);
  fill_sms (self);
  fill_tags (self);
  fill_notes (self);
  fill_record (self);
  fill_tiers (self);
  if (reload_orders)
    load_orders (self);
  show_page (self, "customer");
  return TRUE;
}

/* Something about the customer changed in the database: read it again and tell the list. */
static void
customer_changed (SdCustomerDetail *self,
                  gint64            id)
{
  if (id == self->id)
    load_customer (self, FALSE, FALSE);
  g_signal_emit (self, signals[CHANGED], 0, id);
}

static void
tiers_changed_cb (SdCustomerDetail *self,
                  gint64            id)
{
  customer_changed (self, id);
}

static void
field_changed_cb (SdCustomerDetail *self)
{
  if (self->filling)
    return;
  self->draft_kept = FALSE;
  /* The marked field's error stands until the user changes what it complained about. */
  if (self->error_widget != NULL && ADW_IS_ENTRY_ROW (self->error_widget) &&
      g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->error_widget)), self->error_text) != 0)
    clear_field_errors (self);
  update_phone_state (self);
  update_actions (self);
}

static void
field_activated_cb (SdCustomerDetail *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "detail.save", NULL);
}

/* A field the core names (out_conflicts) as the profile shows it: its label and C's value. */
static char *
field_label (SdCustomerDetail *self,
             const char       *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (g_str_equal (field, text_fields[i].field))
      return g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (TEXT_ROW (self, i))));
  if (g_str_equal (field, "phone"))
    return g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->phone_row)));
  if (g_str_equal (field, "gender"))
    return g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->gender_row)));
  if (g_str_equal (field, "tags"))
    return g_strdup (_("Tags"));
  if (g_str_equal (field, "nick"))
    return g_strdup (_("Nick"));
  return g_strdup (field);
}

static char *
field_value (SdCustomerDetail *self,
             const SdCustomer *c,
             const char       *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (g_str_equal (field, text_fields[i].field))
      return g_strdup (TEXT_VALUE (c, i));
  if (g_str_equal (field, "phone"))
    return phone_edit_text (c);
  if (g_str_equal (field, "gender"))
    return g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (self->gender_row)),
                                                 shown_gender (c)));
  if (g_str_equal (field, "tags"))
    {
      g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
      g_auto(GStrv) all = NULL;

      for (guint i = 0; c->tags != NULL && i < c->tags->len; i++)
        g_strv_builder_add (tags, g_ptr_array_index (c->tags, i));
      all = g_strv_builder_end (tags);
      return g_strjoinv (", ", all);
    }
  if (g_str_equal (field, "nick"))
    return g_strdup (c->nick);
  return g_strdup ("");
}

/* Puts C's value of FIELD into the profile, for the fields the profile edits. */
static void
show_field_value (SdCustomerDetail *self,
                  const SdCustomer *c,
                  const char       *field)
{
  self->filling = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    if (g_str_equal (field, text_fields[i].field))
      gtk_editable_set_text (GTK_EDITABLE (TEXT_ROW (self, i)), TEXT_VALUE (c, i));
  if (g_str_equal (field, "phone"))
    {
      g_autofree char *phone = phone_edit_text (c);
      gtk_editable_set_text (GTK_EDITABLE (self->phone_row), phone);
    }
  if (g_str_equal (field, "gender"))
    adw_combo_row_set_selected (self->gender_row, shown_gender (c));
  self->filling = FALSE;
}

typedef struct
{
  SdCustomerDetail *detail;
  SdCustomer       *theirs;
  SdCustomer       *mine;
  GStrv             conflicts;
} Conflict;

static void
conflict_free (Conflict *conflict)
{
  g_object_unref (conflict->detail);
  sd_customer_free (conflict->theirs);
  sd_customer_free (conflict->mine);
  g_strfreev (conflict->conflicts);
  g_free (conflict);
}

static void save_edited (SdCustomerDetail *self,
                         const SdCustomer *base,
                         SdCustomer       *edited);

static void
conflict_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Conflict         *conflict)
{
  SdCustomerDetail *self = conflict->detail;

  if (self->customer == NULL || self->customer->id != conflict->theirs->id)
    return;
  if (g_str_equal (response, SD_EDIT_CONFLICT_USE_THEIRS))
    {
      /* Their values in the fields both changed; the user's other edits stay, to save. */
      load_customer (self, FALSE, FALSE);
      g_clear_pointer (&self->base, sd_customer_free);
      self->base = sd_customer_copy (conflict->theirs);
      for (guint i = 0; conflict->conflicts[i] != NULL; i++)
        show_field_value (self, conflict->theirs, conflict->conflicts[i]);
      clear_field_errors (self);
      update_phone_state (self);
      update_actions (self);
    }
  else if (g_str_equal (response, SD_EDIT_CONFLICT_SAVE_MINE))
    {
      /* Knowingly over theirs: their record is what the user's values replace. */
      g_autoptr(SdCustomer) mine = sd_customer_copy (conflict->mine);
      save_edited (self, conflict->theirs, mine);
    }
}

static void
ask_about_conflict (SdCustomerDetail *self,
                    SdCustomer       *theirs,
                    SdCustomer       *mine,
                    GStrv             conflicts)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = display_name (theirs);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  Conflict *conflict = g_new0 (Conflict, 1);
  AdwMessageDialog *dialog;

  for (guint i = 0; conflicts[i] != NULL; i++)
    {
      g_ptr_array_add (rows, field_label (self, conflicts[i]));
      g_ptr_array_add (rows, field_value (self, theirs, conflicts[i]));
      g_ptr_array_add (rows, field_value (self, mine, conflicts[i]));
    }
  dialog = sd_edit_conflict_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, name,
                                        theirs->updated_at, rows);
  conflict->detail = g_object_ref (self);
  conflict->theirs = theirs;
  conflict->mine = mine;
  conflict->conflicts = conflicts;
  g_signal_connect_data (dialog, "response", G_CALLBACK (conflict_response_cb), conflict,
                         (GClosureNotify) (void (*) (void)) conflict_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
same_values (SdCustomerDetail *self,
             const SdCustomer *theirs,
             const SdCustomer *mine,
             GStrv             fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *a = sd_customer_get_field (theirs, fields[i]);
      g_autofree char *b = sd_customer_get_field (mine, fields[i]);

      if (g_strcmp0 (a, b) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Saves EDITED, the user's edit of BASE: what someone else saved meanwhile in other fields
 * is kept; the same fields changed by both are asked about. */
static void
save_edited (SdCustomerDetail *self,
             const SdCustomer *base,
             SdCustomer       *edited)
{
  g_autoptr(SdCustomer) theirs = NULL;
  g_auto(GStrv) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  const char *field = NULL;

  if (!sd_customers_save_edit (self->session, base, edited, &theirs, &conflicts, &field, &error))
    {
      if (g_error_matches (error, SD_ERROR, SD_ERROR_STALE) && theirs != NULL && conflicts != NULL &&
          same_values (self, theirs, edited, conflicts))
        {
          /* Both typed the same: nothing to choose between. */
          g_autoptr(SdCustomer) again = sd_customer_copy (edited);
          save_edited (self, theirs, again);
          return;
        }
      if (g_error_matches (error, SD_ERROR, SD_ERROR_STALE) && theirs != NULL && conflicts != NULL)
        {
          ask_about_conflict (self, g_steal_pointer (&theirs), sd_customer_copy (edited),
                              g_steal_pointer (&conflicts));
          return;
        }
      if (g_error_matches (error, SD_ERROR, SD_ERROR_NOT_FOUND))
        {
          report_error (self, error);
          return;
        }
      /* The fields keep what the user typed, so it can be put right. */
      show_field_error (self, field, error->message);
      return;
    }

  load_customer (self, TRUE, FALSE);
  show_toast (self, adw_toast_new (theirs != NULL
                                   ? _("Saved, with the changes someone else made meanwhile")
                                   : _("Saved")));
  g_signal_emit (self, signals[CHANGED], 0, self->id);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SdCustomerDetail *self = SD_CUSTOMER_DETAIL (widget);
  g_autoptr(SdCustomer) edited = NULL;
  g_autoptr(SdCustomer) base = NULL;
  g_autofree char *normalized = NULL;

  if (self->customer == NULL || !is_dirty (self))
    return;

  /* The base and the user's values over it, nothing newer: fields the user left are not
   * theirs to write (see sd_customers_save_edit). */
  base = sd_customer_copy (self->base);
  edited = sd_customer_copy (self->base);
  /* A number someone types must be one: only imports keep what is not (as "not valid"). */
  if (apply_edits (self, edited) && *edited->phone &&
      sd_phone_normalize (edited->phone, &normalized) == SD_PHONE_INVALID)
    {
      show_field_error (self, "phone",
                        _("This is not a phone number. Write a mobile number like 138 1234 5678, or a landline with its area code."));
      return;
    }
  save_edited (self, base, edited);
}

static void
revert_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdCustomerDetail *self = SD_CUSTOMER_DETAIL (widget);

  if (self->customer != NULL)
    fill_profile (self, self->customer);
  update_actions (self);
}

static void
merged_cb (SdCustomerDetail *self,
           gint64            keep_id,
           gint64            other_id)
{
  sd_customer_detail_show (self, keep_id);
  g_signal_emit (self, signals[MERGED], 0, keep_id, other_id);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SdCustomerDetail *self = SD_CUSTOMER_DETAIL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SdMergeDialog *dialog;

  if (self->customer == NULL || self->session == NULL)
    return;
  dialog =
    sd_merge_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->session, self->id);
  g_signal_connect_object (dialog, "merged", G_CALLBACK (merged_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_cb (SdCustomerDetail *self)
{
  load_customer (self, TRUE, TRUE);
}

static void
undo_cb (AdwToast *toast,
         Undo     *undo)
{
  g_autoptr(GError) error = NULL;
  gboolean done;

  if (undo->note != NULL)
    done = sd_customers_restore_note (undo->session, undo->note, NULL, &error);
  else
    done = sd_customers_add_tag (undo->session, undo->customer_id, undo->tag, &error);
  /* The shop may have been closed since; then the undo has nothing left to show. */
  if (undo->session != undo->detail->session)
    return;
  if (!done)
    {
      report_error (undo->detail, error);
      return;
    }
  customer_changed (undo->detail, undo->customer_id);
}

static void
show_undo_toast (SdCustomerDetail *self,
                 const char       *message,
                 Undo             *undo)
{
  AdwToast *toast = adw_toast_new (message);

  undo->detail = g_object_ref (self);
  undo->session = g_object_ref (self->session);
  undo->customer_id = self->id;
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_cb), undo,
                         (GClosureNotify) (void (*) (void)) undo_free, 0);
  show_toast (self, toast);
}

static void
delete_note_cb (SdCustomerDetail *self,
                GtkButton        *button)
{
  const gint64 *note_id = g_object_get_data (G_OBJECT (button), "note-id");
  g_autoptr(GError) error = NULL;
  SdNote *deleted = NULL;
  Undo *undo;

  g_assert (note_id != NULL);
  for (guint i = 0; self->customer->notes != NULL && i < self->customer->notes->len && !deleted;
       i++)
    {
      SdNote *note = g_ptr_array_index (self->customer->notes, i);
      if (note->id == *note_id)
        deleted = sd_note_copy (note);
    }
  if (deleted == NULL)
    return;
  if (!sd_customers_delete_note (self->session, deleted->id, &error))
    {
      sd_note_free (deleted);
      report_error (self, error);
      return;
    }
  undo = g_new0 (Undo, 1);
  undo->note = deleted;
  show_undo_toast (self, _("Note deleted"), undo);
  customer_changed (self, self->id);
}

static void
show_entry_error (GtkEntry   *entry,
                  GtkLabel   *label,
                  const char *message)
{
  gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
}

static void
clear_entry_error (GtkEntry *entry,
                   GtkLabel *label)
{
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
}

static void
note_entry_changed_cb (SdCustomerDetail *self)
{
  clear_entry_error (self->note_entry, self->note_error);
}

static void
add_note_cb (SdCustomerDetail *self)
{
  g_autoptr(GError) error = NULL;

  if (self->customer == NULL)
    return;
  if (!sd_customers_add_note (self->session, self->id,
                              gtk_editable_get_text (GTK_EDITABLE (self->note_entry)), NULL,
                              &error))
    {
      if (g_error_matches (error, SD_ERROR, SD_ERROR_INVALID_INPUT))
        show_entry_error (self->note_entry, self->note_error, error->message);
      else
        report_error (self, error);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  customer_changed (self, self->id);
}

static void
tag_entry_changed_cb (SdCustomerDetail *self)
{
  clear_entry_error (self->tag_entry, self->tag_error);
}

static void
add_tag_cb (SdCustomerDetail *self)
{
  g_autofree char *tag =
    g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tag_entry))));
  g_autoptr(GError) error = NULL;

  if (self->customer == NULL)
    return;
  for (guint i = 0; i < self->customer->tags->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->customer->tags, i), tag) == 0)
      {
        /* TRANSLATORS: adding a tag the customer already has */
        g_autofree char *message =
          g_strdup_printf (_("This customer already has the tag “%s”."), tag);
        show_entry_error (self->tag_entry, self->tag_error, message);
        return;
      }
  if (!sd_customers_add_tag (self->session, self->id, tag, &error))
    {
      if (g_error_matches (error, SD_ERROR, SD_ERROR_INVALID_INPUT))
        show_entry_error (self->tag_entry, self->tag_error, error->message);
      else
        report_error (self, error);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), "");
  customer_changed (self, self->id);
  /* The entry keeps the focus for the next tag: offer what is left. */
  tag_entry_focused_cb (self);
}

static void
remove_tag_cb (SdCustomerDetail *self,
               GtkButton        *button)
{
  const char *tag = g_object_get_data (G_OBJECT (button), "tag");
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  Undo *undo;

  g_assert (tag != NULL);
  if (!sd_customers_remove_tag (self->session, self->id, tag, &error))
    {
      report_error (self, error);
      return;
    }
  /* TRANSLATORS: toast after removing a tag from a customer */
  message = g_strdup_printf (_("Removed the tag “%s”"), tag);
  undo = g_new0 (Undo, 1);
  undo->tag = g_strdup (tag);
  show_undo_toast (self, message, undo);
  /* The button goes with the chip: nothing of it is used after this. */
  customer_changed (self, self->id);
}

static void
set_opt_out (SdCustomerDetail *self,
             gboolean          opted_out,
             const char       *reason)
{
  g_autoptr(GError) error = NULL;

  if (!sd_customers_set_sms_opt_out (self->session, self->id, opted_out, reason, &error))
    {
      if (self->customer != NULL)
        fill_sms (self);
      report_error (self, error);
      return;
    }
  customer_changed (self, self->id);
}

static void
opt_out_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     SdCustomerDetail *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));

  if (self->customer == NULL)
    return;
  if (g_strcmp0 (response, "opt-out") == 0)
    set_opt_out (self, TRUE, gtk_editable_get_text (entry));
  else
    fill_sms (self);
}

static void
ask_opt_out_reason (SdCustomerDetail *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = display_name (self->customer);
  /* TRANSLATORS: heading of the dialog that opts a customer out of SMS */
  g_autofree char *heading = g_strdup_printf (_("Stop Text Messages to “%s”?"), name);
  GtkWidget *entry = gtk_entry_new ();
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
    _("Campaigns will leave this customer out. Note why, for whoever asks later.")));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason, like “asked on the phone”"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "opt-out", _("_Opt Out"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "opt-out", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "opt-out");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (opt_out_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
sms_switch_cb (SdCustomerDetail *self)
{
  gboolean active = gtk_switch_get_active (self->sms_switch);

  if (self->setting_switch || self->customer == NULL ||
      active == (self->customer->sms_opt_out_at > 0))
    return;
  if (active)
    ask_opt_out_reason (self);
  else
    set_opt_out (self, FALSE, NULL);
}

static void
open_draft_cb (SdCustomerDetail *self)
{
  g_autoptr(SdCustomer) draft = g_steal_pointer (&self->draft);
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (draft == NULL)
    return;
  /* Back on the same customer with the edits still in place: only show it again. */
  if (draft->id != self->id || !is_dirty (self))
    {
      if (!sd_customer_detail_show (self, draft->id))
        return;
      fill_profile_from (self, draft);
      /* The draft's edits are edits of what was read then, not of what was read now. */
      if (self->draft_base != NULL && self->draft_base->id == draft->id)
        {
          g_clear_pointer (&self->base, sd_customer_free);
          self->base = g_steal_pointer (&self->draft_base);
        }
      update_actions (self);
    }
  /* The edits are in front of the user again: leaving again tells again. */
  self->draft_kept = FALSE;
  if (GTK_IS_STACK (parent))
    gtk_stack_set_visible_child (GTK_STACK (parent), GTK_WIDGET (self));
}

/* Edits not saved when the user goes elsewhere: kept aside, with a toast that brings them
 * back, so that nothing typed is lost without a word. */
static void
keep_draft (SdCustomerDetail *self)
{
  g_autoptr(SdCustomer) draft = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (self->draft_kept || !is_dirty (self))
    return;
  draft = sd_customer_copy (self->base);
  apply_edits (self, draft);
  g_clear_pointer (&self->draft, sd_customer_free);
  self->draft = g_steal_pointer (&draft);
  g_clear_pointer (&self->draft_base, sd_customer_free);
  self->draft_base = sd_customer_copy (self->base);
  self->draft_kept = TRUE;

  name = display_name (self->customer);
  /* TRANSLATORS: toast when leaving a customer with edits not saved */
  message = g_strdup_printf (_("Changes to “%s” are not saved"), name);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_draft_cb), self,
                           G_CONNECT_SWAPPED);
  show_toast (self, toast);
}

static void
sd_customer_detail_unmap (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  GTK_WIDGET_CLASS (sd_customer_detail_parent_class)->unmap (widget);

  /* Left for another page, not closed with its window. */
  if (root != NULL && gtk_widget_get_mapped (GTK_WIDGET (root)))
    keep_draft (SD_CUSTOMER_DETAIL (widget));
}

static void
sd_customer_detail_dispose (GObject *object)
{
  SdCustomerDetail *self = SD_CUSTOMER_DETAIL (object);

  g_cancellable_cancel (self->orders_cancellable);
  g_clear_object (&self->orders_cancellable);
  /* A load still running answers after this: it must find nothing to fill. */
  self->orders_generation++;
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_CUSTOMER_DETAIL);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->tag_completions);
  G_OBJECT_CLASS (sd_customer_detail_parent_class)->dispose (object);
}

static void
sd_customer_detail_finalize (GObject *object)
{
  SdCustomerDetail *self = SD_CUSTOMER_DETAIL (object);

  g_clear_pointer (&self->customer, sd_customer_free);
  g_clear_pointer (&self->base, sd_customer_free);
  g_clear_pointer (&self->draft, sd_customer_free);
  g_clear_pointer (&self->draft_base, sd_customer_free);
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  g_clear_pointer (&self->error_text, g_free);
  G_OBJECT_CLASS (sd_customer_detail_parent_class)->finalize (object);
}

static void
sd_customer_detail_class_init (SdCustomerDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_customer_detail_dispose;
  object_class->finalize = sd_customer_detail_finalize;
  widget_class->unmap = sd_customer_detail_unmap;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[MERGED] = g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                  NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  g_type_ensure (SD_TYPE_CUSTOMER_TIERS);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/shopdesk/ShopDesk/sd-customer-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, address_error);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, address_lock);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, address_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, birthday_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, city_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, created_label);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, district_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, email_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, figures);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, gender_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, menu_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, more_orders_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, name_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, nick_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, no_tags_label);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, note_entry);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, note_error);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, note_add_box);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, notes_list);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, orders_group);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, orders_list);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, orders_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, phone_lock);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, phone_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, phone_state_label);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, platform_label);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, profile_error);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, profile_group);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, province_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, revert_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, save_button);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, sms_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, sms_switch);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, source_row);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, tag_add_box);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, tag_entry);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, tag_error);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, tags_box);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, tiers);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, title);
  gtk_widget_class_bind_template_child (widget_class, SdCustomerDetail, updated_label);
  gtk_widget_class_bind_template_callback (widget_class, add_note_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_tag_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, more_orders_cb);
  gtk_widget_class_bind_template_callback (widget_class, note_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, sms_switch_cb);
  gtk_widget_class_bind_template_callback (widget_class, tag_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, tiers_changed_cb);

  gtk_widget_class_install_action (widget_class, "detail.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "detail.revert", NULL, revert_action);
  gtk_widget_class_install_action (widget_class, "detail.merge", NULL, merge_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "detail.save",
                                       NULL);
}

static GtkLabel *
placeholder_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  return GTK_LABEL (label);
}

static void
add_figures (SdCustomerDetail *self)
{
  for (Figure i = 0; i < N_FIGURES; i++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *value = gtk_label_new ("—");
      GtkWidget *caption = gtk_label_new (_(figure_captions[i]));

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (value, "title-3");
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_set_margin_top (value, 12);
      gtk_widget_set_margin_start (value, 12);
      gtk_widget_set_margin_end (value, 12);
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");
      gtk_widget_set_margin_bottom (caption, 12);
      gtk_widget_set_margin_start (caption, 12);
      gtk_widget_set_margin_end (caption, 12);
      gtk_label_set_xalign (GTK_LABEL (caption), 0);
      gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
      gtk_box_append (GTK_BOX (card), value);
      gtk_box_append (GTK_BOX (card), caption);
      gtk_flow_box_append (self->figures, card);
      /* Figures are read, not chosen: no stop for the keyboard on them. */
      gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);
      self->figure_values[i] = GTK_LABEL (value);
    }
}

static void
sd_customer_detail_init (SdCustomerDetail *self)
{
  g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();
  GtkEventController *focus;

  gtk_widget_init_template (GTK_WIDGET (self));

  add_figures (self);
  gtk_widget_set_layout_manager (GTK_WIDGET (self->tags_box), sd_wrap_layout_new (6, 6));
  self->notes_placeholder = placeholder_label ();
  gtk_label_set_label (self->notes_placeholder,
                       _("No notes yet. Notes are shared with everyone who works on the shop."));
  gtk_list_box_set_placeholder (self->notes_list, GTK_WIDGET (self->notes_placeholder));
  self->orders_placeholder = placeholder_label ();
  gtk_list_box_set_placeholder (self->orders_list, GTK_WIDGET (self->orders_placeholder));

  self->tag_completions = gtk_list_store_new (1, G_TYPE_STRING);
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (self->tag_completions));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  gtk_entry_completion_set_inline_selection (completion, TRUE);
  gtk_entry_set_completion (self->tag_entry, completion);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "enter", G_CALLBACK (tag_entry_focused_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->tag_entry), focus);

  show_page (self, "customer");
}

GtkWidget *
sd_customer_detail_new (void)
{
  return g_object_new (SD_TYPE_CUSTOMER_DETAIL, NULL);
}

void
sd_customer_detail_set_session (SdCustomerDetail *self,
                                SdSession        *session,
                                SdSettings       *settings)
{
  g_return_if_fail (SD_IS_CUSTOMER_DETAIL (self));
  g_return_if_fail (session == NULL || SD_IS_SESSION (session));

  g_set_object (&self->settings, settings);
  if (!g_set_object (&self->session, session))
    return;

  /* Another shop: nothing of the last one's customer stays. */
  g_cancellable_cancel (self->orders_cancellable);
  self->orders_generation++;
  self->id = 0;
  g_clear_pointer (&self->customer, sd_customer_free);
  g_clear_pointer (&self->base, sd_customer_free);
  g_clear_pointer (&self->draft, sd_customer_free);
  g_clear_pointer (&self->draft_base, sd_customer_free);
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  clear_list (self->orders_list);
  clear_list (self->notes_list);
  sd_customer_tiers_set_session (self->tiers, session, settings);
  sd_customer_detail_update_permissions (self);
}

gboolean
sd_customer_detail_show (SdCustomerDetail *self,
                         gint64            id)
{
  gboolean keep_edits;

  g_return_val_if_fail (SD_IS_CUSTOMER_DETAIL (self), FALSE);

  /* The same customer again, with edits not saved: they stay. */
  keep_edits = id == self->id && is_dirty (self);
  if (id != self->id)
    {
      keep_draft (self);
      self->id = id;
      g_clear_pointer (&self->customer, sd_customer_free);
      g_clear_pointer (&self->base, sd_customer_free);
      gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
      gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), "");
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
    }
  clear_entry_error (self->note_entry, self->note_error);
  clear_entry_error (self->tag_entry, self->tag_error);
  return load_customer (self, !keep_edits, TRUE);
}

gint64
sd_customer_detail_get_customer_id (SdCustomerDetail *self)
{
  g_return_val_if_fail (SD_IS_CUSTOMER_DETAIL (self), 0);
  return self->id;
}

void
sd_customer_detail_update_permissions (SdCustomerDetail *self)
{
  g_return_if_fail (SD_IS_CUSTOMER_DETAIL (self));

  self->can_edit = sd_permission_ui_can (self->session, SD_PERMISSION_EDIT_CUSTOMERS);
  self->can_merge = sd_permission_ui_can (self->session, SD_PERMISSION_MERGE_CUSTOMERS);
  apply_permissions (self);
  sd_customer_tiers_update_permissions (self->tiers);
  /* The tags' and notes' buttons follow. */
  if (self->customer != NULL)
    {
      fill_tags (self);
      fill_notes (self);
    }
  show_page (self, self->customer != NULL || self->id == 0
                   ? "customer" : gtk_stack_get_visible_child_name (self->stack));
}

void
sd_customer_detail_refresh (SdCustomerDetail *self)
{
  g_return_if_fail (SD_IS_CUSTOMER_DETAIL (self));

  /* Edits not saved are the user's: nothing is read in under them, not even the figures
   * beside them, so that what they save is measured against what they saw. */
  if (self->session == NULL || self->id <= 0 || is_dirty (self))
    return;
  load_customer (self, TRUE, TRUE);
  update_actions (self);
}
