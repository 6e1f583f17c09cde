/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-team-dialog"

#include "sd-i18n.h"

#include "sd-team.h"
#include "sd-team-address.h"
#include "sd-team-dialog.h"

/* One connection being asked for: lives from the dialog to the end of the connecting. */
typedef struct
{
  GtkWindow             *parent;
  char                  *url;
  char                  *password;
  SdTeamDialogStartFunc  started;
  SdTeamDialogDoneFunc   done;
  gpointer               user_data;
} Request;

static Request *
request_new (GtkWindow             *parent,
             const char            *url,
             SdTeamDialogStartFunc  started,
             SdTeamDialogDoneFunc   done,
             gpointer               user_data)
{
  Request *r = g_new0 (Request, 1);

  r->parent = g_object_ref (parent);
  r->url = g_strdup (url);
  r->started = started;
  r->done = done;
  r->user_data = user_data;
  return r;
}

static void
request_free (Request *r)
{
  g_clear_object (&r->parent);
  g_free (r->url);
  sd_team_password_free (r->password);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static void present_request (Request    *r,
                             const char *problem);

static void
connect_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Request *r = task_data;
  GError *error = NULL;
  SdDb *db = sd_db_open_team (r->url, r->password, &error);

  if (db == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, db, (GDestroyNotify) sd_db_unref);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Request *r = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(SdDb) db = g_task_propagate_pointer (G_TASK (result), &error);

  if (db != NULL)
    r->done (db, r->user_data);
  else
    /* Asked again, with what was typed and why it failed. */
    present_request (request_new (r->parent, r->url, r->started, r->done, r->user_data), error->message);
}

/* Takes R: connects to its database on a worker thread. */
static void
start_connecting (Request *r)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *shown = sd_team_url_for_display (r->url);

  r->started (shown, r->user_data);
  task = g_task_new (NULL, NULL, connected_cb, NULL);
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, connect_thread);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Request          *r)
{
  GtkEditable *address = g_object_get_data (G_OBJECT (dialog), "address");
  GtkEditable *password = g_object_get_data (G_OBJECT (dialog), "password");
  g_autoptr(Request) owned = r;
  g_autofree char *problem = NULL;

  g_object_steal_data (G_OBJECT (dialog), "request");
  if (g_strcmp0 (response, "connect") != 0)
    return;
  g_free (r->url);
  sd_team_password_free (r->password);
  if (!sd_team_address_read (address, password, &r->url, &r->password, &problem))
    {
      present_request (g_steal_pointer (&owned), problem);
      return;
    }
  start_connecting (g_steal_pointer (&owned));
}

static void
address_changed_cb (GtkEditable      *editable,
                    AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "connect", *gtk_editable_get_text (editable) != '\0');
}

static void
present_request (Request    *r,
                 const char *problem)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *address = sd_team_address_row_new (r->url);
  GtkWidget *password = sd_team_password_row_new ();
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
    r->parent, _("Connect to a Team Database"),
    _("A shop that several desktops share lives in a PostgreSQL database. Give its address and "
      "password; an empty database becomes a new shop, whose owner you create next.")));

  gtk_widget_set_name (GTK_WIDGET (dialog), "team_dialog");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), address);
  gtk_list_box_append (GTK_LIST_BOX (list), password);
  gtk_box_append (GTK_BOX (box), list);
  if (problem != NULL)
    {
      GtkWidget *label = gtk_label_new (problem);
      gtk_widget_set_name (label, "team_error");
      gtk_widget_add_css_class (label, "error");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "connect", _("C_onnect"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "connect");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "address", address);
  g_object_set_data (G_OBJECT (dialog), "password", password);
  /* The request goes with the answer; a dialog destroyed unanswered frees it. */
  g_object_set_data_full (G_OBJECT (dialog), "request", r, (GDestroyNotify) request_free);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), r);
  g_signal_connect (address, "changed", G_CALLBACK (address_changed_cb), dialog);
  address_changed_cb (GTK_EDITABLE (address), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (r->url != NULL && *r->url != '\0' ? password : address);
}

void
sd_team_dialog_present (GtkWindow             *parent,
                        const char            *url,
                        SdTeamDialogStartFunc  started,
                        SdTeamDialogDoneFunc   done,
                        gpointer               user_data)
{
  g_return_if_fail (GTK_IS_WINDOW (parent));

  present_request (request_new (parent, url, started, done, user_data), NULL);
}

void
sd_team_dialog_connect (GtkWindow             *parent,
                        const char            *url,
                        const char            *password,
                        SdTeamDialogStartFunc  started,
                        SdTeamDialogDoneFunc   done,
                        gpointer               user_data)
{
  Request *r;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (sd_db_is_team_url (url));

  r = request_new (parent, url, started, done, user_data);
  r->password = g_strdup (password != NULL ? password : "");
  start_connecting (r);
}
