/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-welcome-page"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sd-demo-shop.h"
#include "sd-error.h"
#include "sd-password-dialog.h"
#include "sd-shop.h"
#include "sd-values.h"
#include "sd-welcome-page.h"
#include "sd-window.h"

/* Orders per customer in a demo shop, as the benchmarks have it. */
#define DEMO_ORDERS_PER_CUSTOMER 5
#define DEMO_SEED 20261122

struct _SdWelcomePage
{
  AdwBin          parent_instance;

  SdWindow       *window;         /* weak: the window owns the page */
  GCancellable   *cancellable;    /* the demo shop being made */
  gboolean        creating;       /* a shop being made (Argon2 takes a moment) */
  guint           progress_id;
  /* Written by the worker, read by the progress timer. */
  gint64          done;
  gint64          total;

  GtkButton      *back_button;
  GtkStack       *stack;
  AdwEntryRow    *shop_name_row;
  AdwEntryRow    *owner_name_row;
  AdwPasswordEntryRow *password_row;
  AdwPasswordEntryRow *confirm_row;
  GtkLabel       *password_hint;
  GtkLabel       *create_error;
  GtkButton      *create_button;
  GtkSpinner     *create_spinner;
  GtkButton      *demo_button;
  AdwEntryRow    *demo_owner_row;
  AdwPasswordEntryRow *demo_password_row;
  AdwPasswordEntryRow *demo_confirm_row;
  GtkLabel       *demo_password_hint;
  GtkCheckButton *size_small;
  GtkCheckButton *size_medium;
  GtkCheckButton *size_large;
  GtkProgressBar *progress_bar;
};

G_DEFINE_FINAL_TYPE (SdWelcomePage, sd_welcome_page, ADW_TYPE_BIN)

enum {
  SESSION_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show (SdWelcomePage *self,
      const char    *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button),
                          g_str_equal (page, "create") || g_str_equal (page, "demo"));
}

static char *
trimmed_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static void
back_cb (SdWelcomePage *self)
{
  if (!self->creating)
    show (self, "choice");
}

static void
create_choice_cb (SdWelcomePage *self)
{
  show (self, "create");
  gtk_widget_grab_focus (GTK_WIDGET (self->shop_name_row));
}

/* Marks ROW when its account name cannot be an owner's, and says why in LABEL (with
 * KEEP, what LABEL says otherwise); whether the name may be used. */
static gboolean
check_owner_name (GtkWidget *row,
                  GtkLabel  *label)
{
  g_autofree char *problem = sd_new_owner_name_problem (gtk_editable_get_text (GTK_EDITABLE (row)));

  if (problem == NULL)
    {
      gtk_widget_remove_css_class (row, "error");
      return TRUE;
    }
  gtk_widget_add_css_class (row, "error");
  gtk_label_set_label (label, problem);
  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  gtk_widget_remove_css_class (GTK_WIDGET (label), "success");
  gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  return FALSE;
}

static gboolean
demo_form_ready (SdWelcomePage *self)
{
  g_autofree char *owner = trimmed_text (self->demo_owner_row);
  g_autofree char *problem = sd_new_owner_name_problem (owner);

  return *owner != '\0' && problem == NULL &&
         sd_new_password_get_state (gtk_editable_get_text (GTK_EDITABLE (self->demo_password_row)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->demo_confirm_row)))
           == SD_NEW_PASSWORD_OK;
}

static void
demo_form_changed_cb (SdWelcomePage *self)
{
  sd_new_password_update (self->demo_password_hint, GTK_WIDGET (self->demo_confirm_row),
                          gtk_editable_get_text (GTK_EDITABLE (self->demo_password_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->demo_confirm_row)));
  check_owner_name (GTK_WIDGET (self->demo_owner_row), self->demo_password_hint);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), demo_form_ready (self));
}

static void
demo_choice_cb (SdWelcomePage *self)
{
  show (self, "demo");
  /* The owner's name may stay as offered; the password is the person's own. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->demo_owner_row)) == '\0')
    /* TRANSLATORS: the account name offered for a demo shop's owner: no spaces */
    gtk_editable_set_text (GTK_EDITABLE (self->demo_owner_row), C_("account name", "owner"));
  gtk_widget_grab_focus (GTK_WIDGET (self->demo_password_row));
}

static gboolean
create_form_ready (SdWelcomePage *self)
{
  g_autofree char *shop = trimmed_text (self->shop_name_row);
  g_autofree char *owner = trimmed_text (self->owner_name_row);
  g_autofree char *problem = sd_new_owner_name_problem (owner);

  return *shop != '\0' && *owner != '\0' && problem == NULL &&
         sd_new_password_get_state (gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                                    gtk_editable_get_text (GTK_EDITABLE (self->confirm_row)))
           == SD_NEW_PASSWORD_OK;
}

static void
create_form_changed_cb (SdWelcomePage *self)
{
  sd_new_password_update (self->password_hint, GTK_WIDGET (self->confirm_row),
                          gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->confirm_row)));
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            !self->creating && create_form_ready (self));
  gtk_widget_set_visible (GTK_WIDGET (self->create_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->shop_name_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
  /* A name the core would refuse is said at once, not after the button. */
  check_owner_name (GTK_WIDGET (self->owner_name_row), self->create_error);
}

typedef struct
{
  char *path;
  char *shop;
  char *owner;
  char *password;
} CreateJob;

static void
create_job_free (CreateJob *job)
{
  g_free (job->path);
  g_free (job->shop);
  g_free (job->owner);
  sd_password_free (job->password);
  g_free (job);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateJob *job = task_data;
  g_autofree char *dir = g_path_get_dirname (job->path);
  GError *error = NULL;
  SdSession *session;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errno),
                               _("Could not make the folder %s: %s"), dir, g_strerror (errno));
      return;
    }
  session = sd_shop_create (job->path, job->shop, job->owner, job->password, &error);
  if (session != NULL)
    g_task_return_pointer (task, session, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void
set_creating (SdWelcomePage *self,
              gboolean       creating)
{
  /* The fields stay as they are: the job has its own copy of what was typed. Made
   * insensitive or read only under the focus, GTK 4.8's text keeps blinking a cursor it
   * no longer has. */
  self->creating = creating;
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !creating);
  gtk_widget_set_visible (GTK_WIDGET (self->create_spinner), creating);
  gtk_spinner_set_spinning (self->create_spinner, creating);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), !creating && create_form_ready (self));
}

static void
create_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  SdWelcomePage *self = SD_WELCOME_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = g_task_propagate_pointer (G_TASK (result), &error);
  GtkWidget *row = NULL;

  set_creating (self, FALSE);
  if (session != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
      g_signal_emit (self, signals[SESSION_READY], 0, session);
      return;
    }

  gtk_label_set_label (self->create_error, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->create_error), TRUE);
  /* The core names the field at fault in its message. */
  if (strstr (error->message, _("shop name")) != NULL)
    row = GTK_WIDGET (self->shop_name_row);
  else if (strstr (error->message, _("owner name")) != NULL ||
           strstr (error->message, _("account name")) != NULL)
    row = GTK_WIDGET (self->owner_name_row);
  else if (g_error_matches (error, SD_ERROR, SD_ERROR_INVALID_INPUT))
    row = GTK_WIDGET (self->password_row);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
}

static void
create_shop_cb (SdWelcomePage *self)
{
  g_autoptr(GTask) task = NULL;
  CreateJob *job;

  if (self->creating || !create_form_ready (self))
    return;

  job = g_new0 (CreateJob, 1);
  job->shop = trimmed_text (self->shop_name_row);
  job->owner = trimmed_text (self->owner_name_row);
  job->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  job->path = sd_shop_suggest_path (job->shop);
  set_creating (self, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->create_error), FALSE);

  task = g_task_new (self, NULL, create_done_cb, NULL);
  g_task_set_source_tag (task, create_shop_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) create_job_free);
  g_task_run_in_thread (task, create_thread);
}

/* Enter moves on to the next empty field, and creates the shop from a full form. */
static void
create_row_activated_cb (SdWelcomePage *self)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->shop_name_row), GTK_WIDGET (self->owner_name_row),
                        GTK_WIDGET (self->password_row), GTK_WIDGET (self->confirm_row) };

  if (create_form_ready (self))
    {
      create_shop_cb (self);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (*gtk_editable_get_text (GTK_EDITABLE (rows[i])) == '\0')
      {
        gtk_widget_grab_focus (rows[i]);
        return;
      }
}

typedef struct
{
  SdWelcomePage *page;
  char          *path;
  char          *owner;
  char          *password;
  guint          customers;
} DemoJob;

static void
demo_job_free (DemoJob *job)
{
  g_object_unref (job->page);
  g_free (job->path);
  g_free (job->owner);
  sd_password_free (job->password);
  g_free (job);
}

static void
demo_progress (guint64  done,
               guint64  total,
               gpointer user_data)
{
  SdWelcomePage *self = user_data;

  /* Read by a timer on the main thread; a torn read only draws one stale frame. */
  self->total = (gint64) total;
  self->done = (gint64) done;
}

static void
remove_shop_files (const char *path)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_unlink (file);
    }
}

static void
demo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DemoJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = NULL;
  g_autofree char *dir = g_path_get_dirname (job->path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errno),
                               _("Could not make the folder %s: %s"), dir, g_strerror (errno));
      return;
    }
  /* The owner's account is the person's, with the password they chose: a demo shop is a
   * shop like any other, and never opens without a login. */
  session = sd_shop_create (job->path, _("Demo Shop"), job->owner, job->password, &error);
  if (session != NULL &&
      sd_demo_shop_fill (session, job->customers, job->customers * DEMO_ORDERS_PER_CUSTOMER,
                         DEMO_SEED, 0, demo_progress, job->page, cancellable, &error))
    {
      g_task_return_pointer (task, g_steal_pointer (&session), g_object_unref);
      return;
    }

  /* Nothing half-made stays behind. */
  g_clear_object (&session);
  if (!g_error_matches (error, SD_ERROR, SD_ERROR_CONFLICT))
    remove_shop_files (job->path);
  g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
progress_tick_cb (gpointer user_data)
{
  SdWelcomePage *self = user_data;
  gint64 done = self->done, total = self->total;
  g_autofree char *done_text = sd_format_count (done);
  g_autofree char *total_text = sd_format_count (total);
  g_autofree char *text = NULL;

  if (total <= 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      return G_SOURCE_CONTINUE;
    }
  /* TRANSLATORS: progress of the demo shop: "12,000 of 600,000 records" */
  text = g_strdup_printf (_("%s of %s records"), done_text, total_text);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) done / (double) total);
  gtk_progress_bar_set_text (self->progress_bar, text);
  return G_SOURCE_CONTINUE;
}

static void
demo_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SdWelcomePage *self = SD_WELCOME_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdSession) session = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->window != NULL)
    sd_window_end_job (self->window, self->cancellable);
  g_clear_object (&self->cancellable);

  if (session == NULL)
    {
      show (self, "demo");
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->window != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Could not make the demo shop: %s"), error->message);
          sd_window_add_toast (self->window, adw_toast_new (message));
        }
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->demo_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->demo_confirm_row), "");
  show (self, "choice");
  g_signal_emit (self, signals[SESSION_READY], 0, session);
}

static void
make_demo_cb (SdWelcomePage *self)
{
  g_autoptr(GTask) task = NULL;
  DemoJob *job;
  guint customers = 1000;

  if (self->cancellable != NULL || !demo_form_ready (self))
    return;
  if (gtk_check_button_get_active (self->size_medium))
    customers = 100000;
  else if (gtk_check_button_get_active (self->size_large))
    customers = 1000000;

  job = g_new0 (DemoJob, 1);
  job->page = g_object_ref (self);
  job->path = sd_shop_suggest_path (_("Demo Shop"));
  job->owner = trimmed_text (self->demo_owner_row);
  job->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->demo_password_row)));
  job->customers = customers;

  self->done = 0;
  self->total = 0;
  self->cancellable = g_cancellable_new ();
  if (self->window != NULL)
    sd_window_begin_job (self->window, self->cancellable);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, "");
  show (self, "progress");
  self->progress_id = g_timeout_add (100, progress_tick_cb, self);

  task = g_task_new (self, self->cancellable, demo_done_cb, NULL);
  g_task_set_source_tag (task, make_demo_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) demo_job_free);
  g_task_run_in_thread (task, demo_thread);
}

static void
cancel_demo_cb (SdWelcomePage *self)
{
  g_cancellable_cancel (self->cancellable);
}

static void
demo_row_activated_cb (SdWelcomePage *self)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->demo_owner_row), GTK_WIDGET (self->demo_password_row),
                        GTK_WIDGET (self->demo_confirm_row) };

  if (demo_form_ready (self))
    {
      make_demo_cb (self);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (*gtk_editable_get_text (GTK_EDITABLE (rows[i])) == '\0')
      {
        gtk_widget_grab_focus (rows[i]);
        return;
      }
}

static void
sd_welcome_page_dispose (GObject *object)
{
  SdWelcomePage *self = SD_WELCOME_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->progress_id, g_source_remove);
  /* AdwBin unparents its child itself: hand it over first, so it is not done twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SD_TYPE_WELCOME_PAGE);
  G_OBJECT_CLASS (sd_welcome_page_parent_class)->dispose (object);
}

static void
sd_welcome_page_finalize (GObject *object)
{
  SdWelcomePage *self = SD_WELCOME_PAGE (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sd_welcome_page_parent_class)->finalize (object);
}

static void
sd_welcome_page_class_init (SdWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sd_welcome_page_dispose;
  object_class->finalize = sd_welcome_page_finalize;

  signals[SESSION_READY] = g_signal_new ("session-ready", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                         SD_TYPE_SESSION);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/shopdesk/ShopDesk/sd-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, back_button);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, create_button);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, create_error);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, create_spinner);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, demo_confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, demo_owner_row);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, demo_password_hint);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, demo_password_row);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, owner_name_row);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, password_hint);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, shop_name_row);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, size_large);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, size_medium);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, size_small);
  gtk_widget_class_bind_template_child (widget_class, SdWelcomePage, stack);
  gtk_widget_class_bind_template_callback (widget_class, back_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_demo_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_choice_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_shop_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_choice_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, make_demo_cb);
}

static void
sd_welcome_page_init (SdWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  create_form_changed_cb (self);
  demo_form_changed_cb (self);
}

void
sd_welcome_page_set_window (SdWelcomePage *self,
                            SdWindow      *window)
{
  g_return_if_fail (SD_IS_WELCOME_PAGE (self));
  self->window = window;
}

void
sd_welcome_page_reset (SdWelcomePage *self)
{
  g_return_if_fail (SD_IS_WELCOME_PAGE (self));

  if (self->cancellable != NULL || self->creating)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->shop_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->owner_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->demo_password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->demo_confirm_row), "");
  show (self, "choice");
}
