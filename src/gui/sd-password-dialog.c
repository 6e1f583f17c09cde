/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-password-dialog"

#include <glib/gi18n.h>
#include <string.h>

#include "sd-error.h"
#include "sd-password-dialog.h"
#include "sd-staff.h"

struct _SdPasswordDialog
{
  AdwWindow            parent_instance;

  SdSession           *session;
  gboolean             forced;
  gboolean             done;          /* the password was changed: the window may go */
  GCancellable        *cancellable;

  GtkButton           *cancel_button;
  GtkButton           *change_button;
  AdwPasswordEntryRow *confirm_row;
  AdwPasswordEntryRow *current_row;
  GtkLabel            *description;
  GtkLabel            *error_label;
  GtkLabel            *hint_label;
  AdwPasswordEntryRow *new_row;
  GtkSpinner          *spinner;
};

G_DEFINE_FINAL_TYPE (SdPasswordDialog, sd_password_dialog, ADW_TYPE_WINDOW)

enum {
  PASSWORD_CHANGED,
  LOG_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  SdSession *session;
  char      *db_path;       /* NULL: change on SESSION itself (nothing else uses it) */
  char      *old_password;
  char      *new_password;
} ChangeJob;

static void
change_job_free (ChangeJob *job)
{
  g_clear_object (&job->session);
  g_free (job->db_path);
  sd_password_free (job->old_password);
  sd_password_free (job->new_password);
  g_free (job);
}

/* ---- the new password's hint, shared by every form that sets one ---- */

SdNewPasswordState
sd_new_password_get_state (const char *password,
                           const char *confirm)
{
  gsize typed;

  password = password ? password : "";
  confirm = confirm ? confirm : "";
  if (*password == '\0')
    return SD_NEW_PASSWORD_EMPTY;
  if (g_utf8_strlen (password, -1) < SD_PASSWORD_MIN_LENGTH)
    return SD_NEW_PASSWORD_TOO_SHORT;
  if (g_str_equal (password, confirm))
    return SD_NEW_PASSWORD_OK;
  /* Still being typed: a confirmation that so far agrees is not yet a mistake. */
  typed = strlen (confirm);
  if (typed < strlen (password) && strncmp (password, confirm, typed) == 0)
    return SD_NEW_PASSWORD_UNCONFIRMED;
  return SD_NEW_PASSWORD_MISMATCH;
}

char *
sd_new_password_get_hint (SdNewPasswordState state,
                          const char        *password)
{
  int missing;

  switch (state)
    {
    case SD_NEW_PASSWORD_EMPTY:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At least %d character.",
                                           "At least %d characters.", SD_PASSWORD_MIN_LENGTH),
                              SD_PASSWORD_MIN_LENGTH);
    case SD_NEW_PASSWORD_TOO_SHORT:
      missing = SD_PASSWORD_MIN_LENGTH - (int) g_utf8_strlen (password ? password : "", -1);
      /* TRANSLATORS: a new password is still too short */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "At least %d characters: %d more to go.",
                                           "At least %d characters: %d more to go.", missing),
                              SD_PASSWORD_MIN_LENGTH, missing);
    case SD_NEW_PASSWORD_UNCONFIRMED:
      return g_strdup (_("Long enough. Type it again to confirm it."));
    case SD_NEW_PASSWORD_MISMATCH:
      return g_strdup (_("The two passwords differ."));
    case SD_NEW_PASSWORD_OK:
      return g_strdup (_("Long enough, and both the same."));
    default:
      g_assert_not_reached ();
    }
}

gboolean
sd_new_password_update (GtkLabel   *hint,
                        GtkWidget  *confirm_row,
                        const char *password,
                        const char *confirm)
{
  SdNewPasswordState state = sd_new_password_get_state (password, confirm);
  g_autofree char *text = sd_new_password_get_hint (state, password);
  GtkWidget *label = GTK_WIDGET (hint);

  g_return_val_if_fail (GTK_IS_LABEL (hint), FALSE);

  gtk_label_set_label (hint, text);
  gtk_widget_remove_css_class (label, "dim-label");
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  if (state == SD_NEW_PASSWORD_MISMATCH)
    gtk_widget_add_css_class (label, "error");
  else if (state == SD_NEW_PASSWORD_OK)
    gtk_widget_add_css_class (label, "success");
  else
    gtk_widget_add_css_class (label, "dim-label");
  if (confirm_row != NULL)
    {
      if (state == SD_NEW_PASSWORD_MISMATCH)
        gtk_widget_add_css_class (confirm_row, "error");
      else
        gtk_widget_remove_css_class (confirm_row, "error");
    }
  return state == SD_NEW_PASSWORD_OK;
}

char *
sd_new_owner_name_problem (const char *name)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  g_autoptr(GError) error = NULL;

  if (*trimmed == '\0' || sd_staff_check_login (NULL, trimmed, &error))
    return NULL;
  return g_strdup (error->message);
}

void
sd_password_free (char *password)
{
  if (password == NULL)
    return;
  for (volatile char *p = password; *p != '\0'; p++)
    *p = '\0';
  g_free (password);
}

/* ---- the dialog ---- */

static void
set_busy (SdPasswordDialog *self,
          gboolean          busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  /* The fields stay as they are: the job has its own copy of what was typed. Made
   * insensitive or read only under the focus, GTK 4.8's text keeps blinking a cursor it
   * no longer has. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !busy);
}

static gboolean
form_ready (SdPasswordDialog *self)
{
  const char *current = gtk_editable_get_text (GTK_EDITABLE (self->current_row));

  return *current != '\0' &&
         sd_new_password_get_state (gtk_editable_get_text (GTK_EDITABLE (self->new_row)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->confirm_row)))
           == SD_NEW_PASSWORD_OK;
}

static void
form_changed_cb (SdPasswordDialog *self)
{
  sd_new_password_update (self->hint_label, GTK_WIDGET (self->confirm_row),
                          gtk_editable_get_text (GTK_EDITABLE (self->new_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->confirm_row)));
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button),
                            self->cancellable == NULL && form_ready (self));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->current_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->new_row), "error");
}

static void
change_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ChangeJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = NULL;

  /* Argon2 takes a moment: off the main thread. When the window's session is in use
   * there, the change goes through a connection of its own. */
  if (job->db_path != NULL)
    {
      session = sd_session_open_copy (job->session, &error);
    }
  else
    session = g_object_ref (job->session);
  if (session != NULL &&
      sd_session_change_password (session, job->old_password, job->new_password, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
change_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SdPasswordDialog *self = SD_PASSWORD_DIALOG (source);
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      self->done = TRUE;
      g_signal_emit (self, signals[PASSWORD_CHANGED], 0);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_label_set_label (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (g_error_matches (error, SD_ERROR, SD_ERROR_AUTH_FAILED))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->current_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->current_row));
    }
  else if (g_error_matches (error, SD_ERROR, SD_ERROR_INVALID_INPUT))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->new_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->new_row));
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), form_ready (self));
}

static void
change_cb (SdPasswordDialog *self)
{
  g_autoptr(GTask) task = NULL;
  ChangeJob *job;

  if (self->cancellable != NULL || !form_ready (self))
    return;

  job = g_new0 (ChangeJob, 1);
  job->session = g_object_ref (self->session);
  /* Forced, nothing else has the session yet; otherwise the window's pages read it. */
  if (!self->forced)
    job->db_path = g_strdup (sd_db_get_path (sd_session_get_db (self->session)));
  job->old_password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->current_row)));
  job->new_password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_row)));

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  task = g_task_new (self, self->cancellable, change_done_cb, NULL);
  g_task_set_source_tag (task, change_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) change_job_free);
  g_task_run_in_thread (task, change_thread);
}

static void
row_activated_cb (SdPasswordDialog *self,
                  GtkWidget        *row)
{
  /* Enter moves on to the next empty row, and changes the password from a full form. */
  GtkWidget *rows[] = { GTK_WIDGET (self->current_row), GTK_WIDGET (self->new_row),
                        GTK_WIDGET (self->confirm_row) };

  if (form_ready (self))
    {
      change_cb (self);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (gtk_widget_get_visible (rows[i]) &&
        *gtk_editable_get_text (GTK_EDITABLE (rows[i])) == '\0')
      {
        gtk_widget_grab_focus (rows[i]);
        return;
      }
}

static void
cancel_cb (SdPasswordDialog *self)
{
  if (self->forced)
    {
      g_cancellable_cancel (self->cancellable);
      self->done = TRUE;
      g_signal_emit (self, signals[LOG_OUT], 0);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
sd_password_dialog_close_request (GtkWindow *window)
{
  SdPasswordDialog *self = SD_PASSWORD_DIALOG (window);

  /* Forced: the only ways out are a new password or logging out. */
  if (self->forced && !self->done)
    return TRUE;
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (sd_password_dialog_parent_class)->close_request (window);
}

static void
sd_password_dialog_dispose (GObject *object)
{
  SdPasswordDialog *self = SD_PASSWORD_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_PASSWORD_DIALOG);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (sd_password_dialog_parent_class)->dispose (object);
}

static void
sd_password_dialog_finalize (GObject *object)
{
  SdPasswordDialog *self = SD_PASSWORD_DIALOG (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_password_dialog_parent_class)->finalize (object);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SdPasswordDialog *self = SD_PASSWORD_DIALOG (widget);

  if (!self->forced)
    gtk_window_close (GTK_WINDOW (self));
}

static void
sd_password_dialog_class_init (SdPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sd_password_dialog_dispose;
  object_class->finalize = sd_password_dialog_finalize;
  window_class->close_request = sd_password_dialog_close_request;

  signals[PASSWORD_CHANGED] = g_signal_new ("password-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);
  signals[LOG_OUT] = g_signal_new ("log-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shopdesk/ShopDesk/sd-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SdPasswordDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SdPasswordDialog, change_button);
  gtk_widget_class_bind_template_child (widget_class, SdPasswordDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SdPasswordDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, SdPasswordDialog, description);
  gtk_widget_class_bind_template_child (widget_class, SdPasswordDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SdPasswordDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SdPasswordDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, SdPasswordDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_install_action (widget_class, "password.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "password.close", NULL);
}

static void
sd_password_dialog_init (SdPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->change_button));
  form_changed_cb (self);
}

SdPasswordDialog *
sd_password_dialog_new (GtkWindow *parent,
                        SdSession *session,
                        gboolean   forced)
{
  SdPasswordDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  self = g_object_new (SD_TYPE_PASSWORD_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->forced = forced;
  if (forced)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Choose a New Password"));
      gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
      gtk_button_set_label (self->cancel_button, _("_Log Out"));
      gtk_label_set_label (self->description,
                           _("Your password was set by the shop owner. Choose one of your own, "
                             "that only you know, to go on; or log out."));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->current_row),
                                     _("Password given to you"));
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->current_row));
  return self;
}
