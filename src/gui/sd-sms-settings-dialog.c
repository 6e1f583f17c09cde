/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-sms-settings-dialog"

#include <glib/gi18n.h>

#include "sd-file-chooser.h"
#include "sd-message.h"
#include "sd-optouts.h"
#include "sd-permission-ui.h"
#include "sd-phone.h"
#include "sd-sms-settings-dialog.h"
#include "sd-sms-settings.h"
#include "sd-values.h"

/* The entry rows, in the order they are laid out. */
enum
{
  ROW_HOURS,
  ROW_OPT_OUT,
  ROW_WORDS,
  ROW_PRICE,
  ROW_TEST_PHONE,
  ROW_N
};

struct _SdSmsSettingsDialog
{
  AdwWindow            parent_instance;

  SdSession           *session;
  SdSmsSettings       *loaded;          /* as read; NULL until then */
  GCancellable        *cancellable;     /* the read or the save running */
  GCancellable        *import_cancellable;
  gboolean             filling;

  AdwToastOverlay     *toast_overlay;
  GtkWidget           *save_button;
  AdwPreferencesGroup *message_group;
  GtkLabel            *message_label;
  AdwEntryRow         *rows[ROW_N];
  GtkSpinButton       *cap_count_spin;
  GtkSpinButton       *cap_days_spin;
  AdwActionRow        *optouts_row;
  GtkWidget           *import_button;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (SdSmsSettingsDialog, sd_sms_settings_dialog, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
can_change (SdSmsSettingsDialog *self)
{
  return sd_permission_ui_can (self->session, SD_PERMISSION_CONFIGURE_SHOP);
}

static const char *
row_text (SdSmsSettingsDialog *self,
          guint                row)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->rows[row]));
}

static void
update_busy (SdSmsSettingsDialog *self)
{
  gboolean busy = sd_sms_settings_dialog_get_busy (self);

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (self->import_button,
                            self->import_cancellable == NULL
                            && sd_permission_ui_can (self->session, SD_PERMISSION_EDIT_CUSTOMERS));
}

/* ---- reading the fields ---- */

/* "发票, 代开，刷单、返现" → its words: commas of either width and 、 between them, spaces
 * trimmed, empties dropped. */
static GStrv
split_words (const char *text)
{
  g_autoptr(GString) copy = g_string_new (text);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  g_string_replace (copy, "，", ",", 0);
  g_string_replace (copy, "、", ",", 0);
  parts = g_strsplit (copy->str, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

/* The settings as the fields say them; NULL with the first problem, and the row at fault
 * (ROW_N: none) when they say nothing valid. */
static SdSmsSettings *
read_fields (SdSmsSettingsDialog  *self,
             guint                *out_row,
             char                **out_problem)
{
  g_autoptr(SdSmsSettings) s = sd_sms_settings_copy (self->loaded);
  g_autofree char *phone = NULL;
  g_autofree char *opt_out = g_strstrip (g_strdup (row_text (self, ROW_OPT_OUT)));
  const char *test_phone = row_text (self, ROW_TEST_PHONE);

  *out_row = ROW_N;
  if (!sd_sms_settings_parse_hours (row_text (self, ROW_HOURS), &s->send_start_minute, &s->send_end_minute)
      || s->send_start_minute == s->send_end_minute)
    {
      *out_row = ROW_HOURS;
      *out_problem = g_strdup (_("Sending hours are two different times, HH:MM-HH:MM, e.g. 08:00-20:00 "
                                 "(21:00-07:00 runs past midnight)."));
      return NULL;
    }
  if (*opt_out == '\0')
    {
      *out_row = ROW_OPT_OUT;
      *out_problem = g_strdup (_("The opt-out wording cannot be empty: every marketing message carries one."));
      return NULL;
    }
  if (!sd_sms_settings_parse_price (row_text (self, ROW_PRICE), &s->price_per_part_mfen))
    {
      *out_row = ROW_PRICE;
      *out_problem = g_strdup (_("The price of a part is in yuan with at most 5 decimals, e.g. 0.045."));
      return NULL;
    }
  if (*test_phone != '\0' && sd_phone_normalize (test_phone, &phone) != SD_PHONE_VALID)
    {
      *out_row = ROW_TEST_PHONE;
      *out_problem = g_strdup (_("The test number is not a mainland mobile number, e.g. 138 0000 0000."));
      return NULL;
    }
  g_free (s->opt_out_text);
  s->opt_out_text = g_steal_pointer (&opt_out);
  g_strfreev (s->blocked_words);
  s->blocked_words = split_words (row_text (self, ROW_WORDS));
  g_free (s->test_phone);
  s->test_phone = g_strdup (test_phone);
  s->cap_count = gtk_spin_button_get_value_as_int (self->cap_count_spin);
  s->cap_days = gtk_spin_button_get_value_as_int (self->cap_days_spin);
  return g_steal_pointer (&s);
}

static gboolean
same_settings (const SdSmsSettings *a,
               const SdSmsSettings *b)
{
  g_autofree char *phone_a = NULL;
  g_autofree char *phone_b = NULL;

  /* The test number as stored (normalised), whatever its spelling in the field. */
  sd_phone_normalize (a->test_phone, &phone_a);
  sd_phone_normalize (b->test_phone, &phone_b);
  return a->send_start_minute == b->send_start_minute && a->send_end_minute == b->send_end_minute
         && a->cap_count == b->cap_count && a->cap_days == b->cap_days
         && g_strcmp0 (a->opt_out_text, b->opt_out_text) == 0
         && g_strv_equal ((const char * const *) a->blocked_words, (const char * const *) b->blocked_words)
         && g_strcmp0 (phone_a, phone_b) == 0 && a->price_per_part_mfen == b->price_per_part_mfen;
}

/* Validates as the owner types: the problem at its row, Save only for a valid change. */
static void
fields_changed (SdSmsSettingsDialog *self)
{
  g_autoptr(SdSmsSettings) s = NULL;
  g_autofree char *problem = NULL;
  guint bad = ROW_N;

  if (self->filling || self->loaded == NULL)
    return;
  s = read_fields (self, &bad, &problem);
  for (guint i = 0; i < ROW_N; i++)
    {
      if (i == bad)
        gtk_widget_add_css_class (GTK_WIDGET (self->rows[i]), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->rows[i]), "error");
    }
  sd_message_show_in_group (self->message_group, self->message_label, problem, TRUE);
  gtk_widget_set_sensitive (self->save_button, s != NULL && !same_settings (s, self->loaded)
                                               && self->cancellable == NULL && can_change (self));
}

static void
fill_fields (SdSmsSettingsDialog *self)
{
  const SdSmsSettings *s = self->loaded;
  g_autofree char *hours = sd_sms_settings_format_hours (s->send_start_minute, s->send_end_minute);
  g_autofree char *words = g_strjoinv ("，", s->blocked_words);
  g_autofree char *price = sd_sms_settings_format_price (s->price_per_part_mfen);
  g_autofree char *phone = *s->test_phone != '\0' ? sd_phone_format_display (s->test_phone) : g_strdup ("");
  const char *texts[ROW_N] = { hours, s->opt_out_text, words, price, phone };

  self->filling = TRUE;
  for (guint i = 0; i < ROW_N; i++)
    gtk_editable_set_text (GTK_EDITABLE (self->rows[i]), texts[i]);
  gtk_spin_button_set_value (self->cap_count_spin, s->cap_count);
  gtk_spin_button_set_value (self->cap_days_spin, s->cap_days);
  self->filling = FALSE;
  fields_changed (self);
}

/* ---- the jobs ---- */

typedef struct
{
  SdSmsSettings        *settings;  /* read, or to save */
  gint64                optouts;
  GFile                *file;
  SdOptoutImportResult  imported;
} Job;

static void
job_free (Job *job)
{
  g_clear_pointer (&job->settings, sd_sms_settings_free);
  g_clear_object (&job->file);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* What a job does on its own connection: read, save or import. */
typedef gboolean (*JobFunc) (SdSession *session, Job *job, GCancellable *cancellable, GError **error);

static gboolean
read_job (SdSession     *session,
          Job           *job,
          GCancellable  *cancellable,
          GError       **error)
{
  job->settings = sd_sms_settings_get (session, error);
  if (job->settings == NULL)
    return FALSE;
  job->optouts = sd_optouts_count (session, error);
  return job->optouts >= 0;
}

static gboolean
save_job (SdSession     *session,
          Job           *job,
          GCancellable  *cancellable,
          GError       **error)
{
  return sd_sms_settings_set (session, job->settings, error);
}

static gboolean
import_job (SdSession     *session,
            Job           *job,
            GCancellable  *cancellable,
            GError       **error)
{
  if (!sd_optouts_import_file (session, job->file, &job->imported, cancellable, error))
    return FALSE;
  job->optouts = sd_optouts_count (session, error);
  return job->optouts >= 0;
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SdSession *caller = g_object_get_data (G_OBJECT (task), "session");
  JobFunc func = (JobFunc) g_object_get_data (G_OBJECT (task), "func");
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = sd_session_open_copy (caller, &error);

  if (session != NULL && func (session, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
run_job (SdSmsSettingsDialog *self,
         JobFunc              func,
         Job                 *job,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, cancellable);

  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_object_set_data_full (G_OBJECT (task), "session", g_object_ref (self->session), g_object_unref);
  g_object_set_data (G_OBJECT (task), "func", (gpointer) func);
  g_task_run_in_thread (task, job_thread);
  update_busy (self);
}

static void
show_optouts (SdSmsSettingsDialog *self,
              gint64               count)
{
  g_autofree char *number = sd_format_count (count);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s number refuses marketing messages",
                                                        "%s numbers refuse marketing messages", (gulong) count),
                                           number);

  adw_action_row_set_subtitle (self->optouts_row, text);
}

/* The job of RESULT, or NULL when it failed (the error shown), was cancelled, or the
 * dialog is gone meanwhile. SLOT: the dialog's cancellable for that kind of job, let go. */
static Job *
finish_job (SdSmsSettingsDialog  *self,
            GAsyncResult         *result,
            GCancellable        **slot)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (self->session == NULL)
    return NULL;
  if (g_task_get_cancellable (G_TASK (result)) == *slot)
    g_clear_object (slot);
  update_busy (self);
  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sd_message_show_in_group (self->message_group, self->message_label, error->message, TRUE);
      return NULL;
    }
  return g_task_get_task_data (G_TASK (result));
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdSmsSettingsDialog *self = SD_SMS_SETTINGS_DIALOG (source);
  Job *job = finish_job (self, result, &self->cancellable);

  if (job == NULL)
    return;
  g_clear_pointer (&self->loaded, sd_sms_settings_free);
  self->loaded = g_steal_pointer (&job->settings);
  show_optouts (self, job->optouts);
  for (guint i = 0; i < ROW_N; i++)
    sd_permission_ui_set_row_editable (self->rows[i], can_change (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cap_count_spin), can_change (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cap_days_spin), can_change (self));
  fill_fields (self);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdSmsSettingsDialog *self = SD_SMS_SETTINGS_DIALOG (source);
  Job *job = finish_job (self, result, &self->cancellable);

  if (job == NULL)
    {
      if (self->session != NULL)
        fields_changed (self);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SdSmsSettingsDialog *self = SD_SMS_SETTINGS_DIALOG (source);
  Job *job = finish_job (self, result, &self->import_cancellable);
  g_autofree char *added = NULL;
  g_autofree char *text = NULL;

  if (job == NULL)
    return;
  show_optouts (self, job->optouts);
  added = sd_format_count (job->imported.added);
  /* TRANSLATORS: after importing a list of opt-outs; the counts follow in other sentences */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s number opted out.", "%s numbers opted out.",
                                       job->imported.added),
                          added);
  if (job->imported.already > 0)
    {
      g_autofree char *n = sd_format_count (job->imported.already);
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s was already.", "%s were already.",
                                                            job->imported.already),
                                               n);
      g_autofree char *joined = g_strjoin (" ", text, more, NULL);
      g_free (text);
      text = g_steal_pointer (&joined);
    }
  if (job->imported.withdrawn > 0)
    {
      g_autofree char *n = sd_format_count (job->imported.withdrawn);
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s queued message withdrawn.",
                                                            "%s queued messages withdrawn.",
                                                            (gulong) job->imported.withdrawn),
                                               n);
      g_autofree char *joined = g_strjoin (" ", text, more, NULL);
      g_free (text);
      text = g_steal_pointer (&joined);
    }
  sd_message_show_in_group (self->message_group, self->message_label, NULL, FALSE);
  sd_message_add_toast (self->toast_overlay, text, FALSE);
}

void
sd_sms_settings_dialog_import_optouts (SdSmsSettingsDialog *self,
                                       GFile               *file)
{
  Job *job;

  g_return_if_fail (SD_IS_SMS_SETTINGS_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->import_cancellable != NULL)
    return;
  job = g_new0 (Job, 1);
  job->file = g_object_ref (file);
  self->import_cancellable = g_cancellable_new ();
  run_job (self, import_job, job, self->import_cancellable, import_done_cb);
}

gboolean
sd_sms_settings_dialog_get_busy (SdSmsSettingsDialog *self)
{
  g_return_val_if_fail (SD_IS_SMS_SETTINGS_DIALOG (self), FALSE);

  return self->cancellable != NULL || self->import_cancellable != NULL;
}

/* ---- the buttons ---- */

static void
save_clicked_cb (SdSmsSettingsDialog *self)
{
  g_autofree char *problem = NULL;
  guint bad;
  Job *job;
  SdSmsSettings *s = read_fields (self, &bad, &problem);

  if (s == NULL || self->cancellable != NULL)
    {
      g_clear_pointer (&s, sd_sms_settings_free);
      return;
    }
  job = g_new0 (Job, 1);
  job->settings = s;
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (self->save_button, FALSE);
  run_job (self, save_job, job, self->cancellable, save_done_cb);
}

static void
file_chosen_cb (GtkWidget *owner,
                GFile     *file)
{
  sd_sms_settings_dialog_import_optouts (SD_SMS_SETTINGS_DIALOG (owner), file);
}

static void
import_clicked_cb (SdSmsSettingsDialog *self)
{
  static const char * const suffixes[] = { "csv", "txt", NULL };

  sd_file_chooser_open (GTK_WIDGET (self), _("Import Opt-Outs"), _("_Import"), _("Lists of numbers (CSV, text)"),
                        suffixes, file_chosen_cb);
}

/* ---- building ---- */

static AdwPreferencesGroup *
add_group (AdwPreferencesPage *page,
           const char         *title,
           const char         *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  if (description != NULL)
    adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (page, group);
  return group;
}

static GtkSpinButton *
cap_spin (const char *name,
          double      max)
{
  GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, max, 1));

  gtk_widget_set_name (GTK_WIDGET (spin), name);
  gtk_widget_set_valign (GTK_WIDGET (spin), GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (spin, TRUE);
  return spin;
}

static void
build_cap_row (SdSmsSettingsDialog *self,
               AdwPreferencesGroup *group)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *per = gtk_label_new (_("in"));
  GtkWidget *days = gtk_label_new (_("days"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Frequency Cap"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("At most this many campaign messages a number, in this many days; 0: no cap"));
  self->cap_count_spin = cap_spin ("cap_count_spin", 1000);
  self->cap_days_spin = cap_spin ("cap_days_spin", 365);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->cap_count_spin));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), per);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->cap_days_spin));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), days);
  g_signal_connect_object (self->cap_count_spin, "value-changed", G_CALLBACK (fields_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cap_days_spin, "value-changed", G_CALLBACK (fields_changed), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, row);
}

static void
build_optouts (SdSmsSettingsDialog *self,
               AdwPreferencesPage  *page)
{
  AdwPreferencesGroup *group = add_group (page, _("Opted-Out Numbers"),
      _("Numbers that refused marketing messages never get one. Import the replies R, T or TD your gateway "
        "received, or a list of numbers (CSV or text, one a line): it takes effect at once, for messages already "
        "queued too."));

  self->optouts_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->optouts_row), _("Opted Out"));
  self->import_button = gtk_button_new_with_mnemonic (_("_Import a List…"));
  gtk_widget_set_name (self->import_button, "import_button");
  gtk_widget_set_valign (self->import_button, GTK_ALIGN_CENTER);
  g_signal_connect_object (self->import_button, "clicked", G_CALLBACK (import_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (self->optouts_row, self->import_button);
  adw_preferences_group_add (group, GTK_WIDGET (self->optouts_row));
}

static void
build_page (SdSmsSettingsDialog *self,
            AdwPreferencesPage  *page)
{
  static const struct { const char *name; const char *title; } rows[ROW_N] = {
    [ROW_HOURS] = { "hours_row", N_("Sending Hours, Shop Time (e.g. 08:00-20:00)") },
    [ROW_OPT_OUT] = { "opt_out_row", N_("Opt-Out Wording, Last in Every Message") },
    [ROW_WORDS] = { "words_row", N_("Words the Gateway Rejects (separated by commas)") },
    [ROW_PRICE] = { "price_row", N_("Price of a Billed Part (yuan)") },
    [ROW_TEST_PHONE] = { "test_phone_row", N_("Test Messages Go To (mobile number)") },
  };
  AdwPreferencesGroup *groups[ROW_N];
  GtkWidget *message_group = adw_preferences_group_new ();

  self->message_group = ADW_PREFERENCES_GROUP (message_group);
  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->message_label), "message_label");
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  adw_preferences_group_add (self->message_group, GTK_WIDGET (self->message_label));
  gtk_widget_set_visible (message_group, FALSE);
  adw_preferences_page_add (page, self->message_group);

  groups[ROW_HOURS] = add_group (page, _("When Messages Go Out"),
                                 _("A send that reaches the end of the hours pauses and goes on at the next opening."));
  groups[ROW_OPT_OUT] = groups[ROW_WORDS] = add_group (page, _("The Message"), NULL);
  groups[ROW_PRICE] = groups[ROW_TEST_PHONE] = add_group (page, _("Cost and Tests"), NULL);
  for (guint i = 0; i < ROW_N; i++)
    {
      self->rows[i] = ADW_ENTRY_ROW (adw_entry_row_new ());
      gtk_widget_set_name (GTK_WIDGET (self->rows[i]), rows[i].name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rows[i]), _(rows[i].title));
      g_signal_connect_object (self->rows[i], "changed", G_CALLBACK (fields_changed), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (groups[i], GTK_WIDGET (self->rows[i]));
      if (i == ROW_HOURS)
        build_cap_row (self, groups[i]);
    }
  build_optouts (self, page);
}

static void
build (SdSmsSettingsDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("SMS Settings"));
  gtk_window_set_default_size (GTK_WINDOW (self), 600, 680);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_set_name (self->save_button, "save_button");
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  gtk_widget_set_sensitive (self->save_button, FALSE);
  g_signal_connect_object (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (box), header);

  build_page (self, ADW_PREFERENCES_PAGE (page));
  gtk_widget_set_vexpand (page, TRUE);
  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toast_overlay, page);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toast_overlay));
  adw_window_set_content (ADW_WINDOW (self), box);
}

/* ---- the object ---- */

static void
sd_sms_settings_dialog_dispose (GObject *object)
{
  SdSmsSettingsDialog *self = SD_SMS_SETTINGS_DIALOG (object);

  /* A save under way finishes in its thread (one transaction); its answer finds nobody. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->import_cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->loaded, sd_sms_settings_free);
  G_OBJECT_CLASS (sd_sms_settings_dialog_parent_class)->dispose (object);
}

static void
sd_sms_settings_dialog_class_init (SdSmsSettingsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_sms_settings_dialog_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sd_sms_settings_dialog_init (SdSmsSettingsDialog *self)
{
  build (self);
}

SdSmsSettingsDialog *
sd_sms_settings_dialog_new (GtkWindow *parent,
                            SdSession *session)
{
  SdSmsSettingsDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_SMS_SETTINGS_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  sd_permission_ui_explain (self->save_button, session, SD_PERMISSION_CONFIGURE_SHOP, NULL);
  sd_permission_ui_explain (self->import_button, session, SD_PERMISSION_EDIT_CUSTOMERS,
                            _("Import numbers that refused marketing messages"));
  self->cancellable = g_cancellable_new ();
  run_job (self, read_job, g_new0 (Job, 1), self->cancellable, read_done_cb);
  return self;
}
