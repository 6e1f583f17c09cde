/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-login-page"

#include <glib/gi18n.h>
#include <string.h>

#include "sd-error.h"
#include "sd-login-page.h"
#include "sd-password-dialog.h"

struct _SdLoginPage
{
  AdwBin               parent_instance;

  SdDb                *db;
  guint                generation;     /* a check for an earlier shop answers to nobody */
  GCancellable        *cancellable;    /* the check running, if any */

  GtkButton           *claim_button;
  GtkLabel            *claim_error;
  GtkLabel            *claim_hint;
  GtkSpinner          *claim_spinner;
  AdwPasswordEntryRow *confirm_row;
  GtkButton           *login_button;
  GtkLabel            *login_error;
  GtkSpinner          *login_spinner;
  GtkStack            *mode_stack;
  AdwEntryRow         *name_row;
  AdwPasswordEntryRow *new_password_row;
  AdwEntryRow         *owner_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel            *shop_label;
  GtkLabel            *subtitle_label;
};

G_DEFINE_FINAL_TYPE (SdLoginPage, sd_login_page, ADW_TYPE_BIN)

enum {
  LOGGED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  SdDb     *db;
  char     *name;
  char     *password;
  gboolean  claim;       /* set the owner's account of a shop without accounts */
  guint     generation;
} LoginJob;

static void
login_job_free (LoginJob *job)
{
  g_clear_pointer (&job->db, sd_db_unref);
  g_free (job->name);
  sd_password_free (job->password);
  g_free (job);
}

static char *
trimmed_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static gboolean
claiming (SdLoginPage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "claim") == 0;
}

static gboolean
claim_ready (SdLoginPage *self)
{
  g_autofree char *owner = trimmed_text (self->owner_row);
  g_autofree char *problem = sd_new_owner_name_problem (owner);

  return *owner != '\0' && problem == NULL &&
         sd_new_password_get_state (gtk_editable_get_text (GTK_EDITABLE (self->new_password_row)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->confirm_row)))
           == SD_NEW_PASSWORD_OK;
}

static void
set_busy (SdLoginPage *self,
          gboolean     busy)
{
  GtkSpinner *spinner = claiming (self) ? self->claim_spinner : self->login_spinner;

  /* The fields stay as they are: the check has its own copy of what was typed. Made
   * insensitive or read only under the focus, GTK 4.8's text keeps blinking a cursor it
   * no longer has. */
  gtk_widget_set_visible (GTK_WIDGET (spinner), busy);
  gtk_spinner_set_spinning (spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->claim_button), !busy && claim_ready (self));
}

static void
clear_errors (SdLoginPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->login_error), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->claim_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->owner_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->new_password_row), "error");
}

static void
show_error (SdLoginPage *self,
            GtkWidget   *row,
            const char  *message)
{
  GtkLabel *label = claiming (self) ? self->claim_error : self->login_error;

  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
}

static void
show_mode (SdLoginPage *self,
           const char  *mode)
{
  gboolean claim = g_str_equal (mode, "claim");
  /* A team database without accounts is a shop just made there, not an old file. */
  gboolean team = self->db != NULL && sd_db_is_team_url (sd_db_get_path (self->db));

  gtk_stack_set_visible_child_name (self->mode_stack, mode);
  if (claim && team)
    gtk_label_set_label (self->subtitle_label,
                         _("A new shop in the team database. Choose the owner's (主账号) account name and "
                           "password; staff accounts, who log in from their own desktops, come later."));
  else
    gtk_label_set_label (self->subtitle_label,
                         claim ? _("This shop was made before ShopDesk had accounts. Choose the "
                                   "owner's (主账号) account name and password; staff accounts "
                                   "come later.")
                               : _("Log in with your account name and password."));
}

static void
login_form_changed_cb (SdLoginPage *self)
{
  clear_errors (self);
}

static void
claim_form_changed_cb (SdLoginPage *self)
{
  g_autofree char *problem = NULL;

  clear_errors (self);
  sd_new_password_update (self->claim_hint, GTK_WIDGET (self->confirm_row),
                          gtk_editable_get_text (GTK_EDITABLE (self->new_password_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->confirm_row)));
  gtk_widget_set_sensitive (GTK_WIDGET (self->claim_button),
                            self->cancellable == NULL && claim_ready (self));
  /* A name the core would refuse is said at once, not after the button. */
  problem = sd_new_owner_name_problem (gtk_editable_get_text (GTK_EDITABLE (self->owner_row)));
  if (problem != NULL)
    {
      show_error (self, NULL, problem);
      gtk_widget_add_css_class (GTK_WIDGET (self->owner_row), "error");
    }
}

static void
login_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LoginJob *job = task_data;
  GError *error = NULL;
  SdSession *session;

  if (job->claim)
    session = sd_session_claim_shop (job->db, job->name, job->password, &error);
  else
    session = sd_session_login (job->db, job->name, job->password, &error);
  if (session != NULL)
    g_task_return_pointer (task, session, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
login_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  SdLoginPage *self = SD_LOGIN_PAGE (source);
  LoginJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = g_task_propagate_pointer (G_TASK (result), &error);

  /* The page went on to another shop (or none) meanwhile: this answer is nobody's. */
  if (job->generation != self->generation)
    {
      if (session != NULL)
        sd_session_logout (session);
      return;
    }
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (session != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
      g_signal_emit (self, signals[LOGGED_IN], 0, session);
      return;
    }

  if (job->claim)
    {
      if (g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT))
        {
          /* Someone set the owner up meanwhile (the CLI, another desktop): log in instead. */
          show_mode (self, "login");
          gtk_editable_set_text (GTK_EDITABLE (self->name_row), job->name);
          show_error (self, GTK_WIDGET (self->password_row), error->message);
          return;
        }
      show_error (self, g_error_matches (error, SD_ERROR, SD_ERROR_INVALID_INPUT)
                        ? GTK_WIDGET (self->owner_row) : NULL, error->message);
      return;
    }

  if (g_error_matches (error, SD_ERROR, SD_ERROR_NO_ACCOUNTS))
    {
      show_mode (self, "claim");
      gtk_editable_set_text (GTK_EDITABLE (self->owner_row), job->name);
      gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
      return;
    }
  /* A wrong password is typed again from scratch, as everywhere else on the desktop. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  if (g_error_matches (error, SD_ERROR, SD_ERROR_ACCOUNT_LOCKED) ||
      g_error_matches (error, SD_ERROR, SD_ERROR_ACCOUNT_DISABLED))
    show_error (self, GTK_WIDGET (self->name_row), error->message);
  else
    show_error (self, GTK_WIDGET (self->password_row), error->message);
}

static void
start_check (SdLoginPage *self,
             const char  *name,
             const char  *password,
             gboolean     claim)
{
  g_autoptr(GTask) task = NULL;
  LoginJob *job;

  job = g_new0 (LoginJob, 1);
  job->db = sd_db_ref (self->db);
  job->name = g_strdup (name);
  job->password = g_strdup (password);
  job->claim = claim;
  job->generation = self->generation;

  clear_errors (self);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, login_done_cb, NULL);
  g_task_set_source_tag (task, start_check);
  g_task_set_task_data (task, job, (GDestroyNotify) login_job_free);
  /* The answer comes even when cancelled: the session it may hold must be logged out. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, login_thread);
}

static void
log_in_cb (SdLoginPage *self)
{
  g_autofree char *name = trimmed_text (self->name_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->db == NULL || self->cancellable != NULL)
    return;
  if (*name == '\0')
    {
      show_error (self, GTK_WIDGET (self->name_row), _("Type your account name."));
      return;
    }
  if (*password == '\0')
    {
      show_error (self, GTK_WIDGET (self->password_row), _("Type your password."));
      return;
    }
  start_check (self, name, password, FALSE);
}

static void
name_activated_cb (SdLoginPage *self)
{
  /* Enter on the name goes on to the password, unless it is typed already. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->password_row)) == '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    log_in_cb (self);
}

static void
claim_cb (SdLoginPage *self)
{
  g_autofree char *owner = trimmed_text (self->owner_row);

  if (self->db == NULL || self->cancellable != NULL || !claim_ready (self))
    return;
  start_check (self, owner, gtk_editable_get_text (GTK_EDITABLE (self->new_password_row)), TRUE);
}

static void
claim_row_activated_cb (SdLoginPage *self)
{
  if (claim_ready (self))
    claim_cb (self);
  else
    sd_login_page_focus (self);
}

static void
sd_login_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sd_login_page_parent_class)->map (widget);
  /* Shown: typing starts where it must, the password when the name is remembered. */
  sd_login_page_focus (SD_LOGIN_PAGE (widget));
}

static void
sd_login_page_dispose (GObject *object)
{
  SdLoginPage *self = SD_LOGIN_PAGE (object);

  sd_login_page_clear (self);
  /* AdwBin unparents its child itself: hand it over first, so it is not done twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_LOGIN_PAGE);
  G_OBJECT_CLASS (sd_login_page_parent_class)->dispose (object);
}

static void
sd_login_page_class_init (SdLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_login_page_dispose;
  widget_class->map = sd_login_page_map;

  signals[LOGGED_IN] = g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, SD_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shopdesk/ShopDesk/sd-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, claim_button);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, claim_error);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, claim_hint);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, claim_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, login_button);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, login_error);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, login_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, owner_row);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, shop_label);
  gtk_widget_class_bind_template_child (widget_class, SdLoginPage, subtitle_label);
  gtk_widget_class_bind_template_callback (widget_class, claim_cb);
  gtk_widget_class_bind_template_callback (widget_class, claim_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, claim_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, log_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, login_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_activated_cb);
}

static void
sd_login_page_init (SdLoginPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  show_mode (self, "login");
  claim_form_changed_cb (self);
}

GtkWidget *
sd_login_page_new (void)
{
  return g_object_new (SD_TYPE_LOGIN_PAGE, NULL);
}

void
sd_login_page_set_shop (SdLoginPage *self,
                        SdDb        *db,
                        const char  *shop_name,
                        const char  *login)
{
  g_autofree char *base = NULL;

  g_return_if_fail (SD_IS_LOGIN_PAGE (self));
  g_return_if_fail (db != NULL);

  sd_login_page_clear (self);
  self->db = sd_db_ref (db);

  if (shop_name == NULL || *shop_name == '\0')
    {
      /* Not seen on this computer yet: the file's name is what the person chose. */
      base = g_path_get_basename (sd_db_get_path (db));
      if (g_str_has_suffix (base, ".db"))
        base[strlen (base) - 3] = '\0';
      shop_name = base;
    }
  gtk_label_set_label (self->shop_label, shop_name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->shop_label), sd_db_get_path (db));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), login ? login : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->owner_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  show_mode (self, sd_session_shop_has_accounts (db) ? "login" : "claim");
  clear_errors (self);
  claim_form_changed_cb (self);
}

void
sd_login_page_clear (SdLoginPage *self)
{
  g_return_if_fail (SD_IS_LOGIN_PAGE (self));

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->db, sd_db_unref);
  if (self->password_row != NULL)
    {
      set_busy (self, FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
    }
}

SdDb *
sd_login_page_get_db (SdLoginPage *self)
{
  g_return_val_if_fail (SD_IS_LOGIN_PAGE (self), NULL);
  return self->db;
}

void
sd_login_page_focus (SdLoginPage *self)
{
  GtkWidget *login_rows[] = { GTK_WIDGET (self->name_row), GTK_WIDGET (self->password_row) };
  GtkWidget *claim_rows[] = { GTK_WIDGET (self->owner_row), GTK_WIDGET (self->new_password_row),
                              GTK_WIDGET (self->confirm_row) };
  GtkWidget **rows = claiming (self) ? claim_rows : login_rows;
  guint n = claiming (self) ? G_N_ELEMENTS (claim_rows) : G_N_ELEMENTS (login_rows);

  g_return_if_fail (SD_IS_LOGIN_PAGE (self));

  for (guint i = 0; i < n; i++)
    if (*gtk_editable_get_text (GTK_EDITABLE (rows[i])) == '\0' || i == n - 1)
      {
        gtk_widget_grab_focus (rows[i]);
        return;
      }
}
