/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-file-chooser"

#include <glib/gi18n.h>

#include "sd-file-chooser.h"

typedef struct
{
  GWeakRef          owner;   /* a window closed meanwhile is not told */
  SdFileChosenFunc  callback;
} Choice;

static void
choice_free (Choice *choice)
{
  g_weak_ref_clear (&choice->owner);
  g_free (choice);
}

static void
response_cb (GtkNativeDialog *chooser,
             int              response,
             Choice          *choice)
{
  g_autoptr(GtkWidget) owner = g_weak_ref_get (&choice->owner);

  if (response == GTK_RESPONSE_ACCEPT && owner != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        choice->callback (owner, file);
    }
  choice_free (choice);
  g_object_unref (chooser);
}

static GtkFileChooser *
new_chooser (GtkWidget            *owner,
             const char           *title,
             GtkFileChooserAction  action,
             const char           *accept_label)
{
  GtkRoot *root = gtk_widget_get_root (owner);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         action, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  return GTK_FILE_CHOOSER (chooser);
}

static void
show_chooser (GtkFileChooser   *chooser,
              GtkWidget        *owner,
              SdFileChosenFunc  callback)
{
  Choice *choice = g_new0 (Choice, 1);

  g_weak_ref_init (&choice->owner, owner);
  choice->callback = callback;
  g_signal_connect (chooser, "response", G_CALLBACK (response_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
sd_file_chooser_save (GtkWidget        *owner,
                      const char       *title,
                      const char       *name,
                      const char       *filter_name,
                      const char       *suffix,
                      SdFileChosenFunc  callback)
{
  GtkFileChooser *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GFile) folder = NULL;
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (title != NULL && name != NULL && filter_name != NULL && suffix != NULL);
  g_return_if_fail (callback != NULL);

  chooser = new_chooser (owner, title, GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
  /* Where people keep their files, not wherever the program was started from. */
  folder = g_file_new_for_path (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR)
                                  ? documents
                                  : g_get_home_dir ());
  gtk_file_chooser_set_current_folder (chooser, folder, NULL);
  gtk_file_chooser_set_current_name (chooser, name);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_suffix (filter, suffix);
  gtk_file_chooser_add_filter (chooser, filter);
  show_chooser (chooser, owner, callback);
}

void
sd_file_chooser_open (GtkWidget          *owner,
                      const char         *title,
                      const char         *accept_label,
                      const char         *filter_name,
                      const char * const *suffixes,
                      SdFileChosenFunc    callback)
{
  GtkFileChooser *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GtkFileFilter) all = NULL;

  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (title != NULL && accept_label != NULL && filter_name != NULL && suffixes != NULL);
  g_return_if_fail (callback != NULL);

  chooser = new_chooser (owner, title, GTK_FILE_CHOOSER_ACTION_OPEN, accept_label);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, filter_name);
  for (guint i = 0; suffixes[i] != NULL; i++)
    gtk_file_filter_add_suffix (filter, suffixes[i]);
  gtk_file_chooser_add_filter (chooser, filter);
  all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
  show_chooser (chooser, owner, callback);
}
