/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The file choosers of exports and imports: modal over their owner's window, with the same
 * buttons and filters everywhere. */

/* What the owner of a chooser is told when a file was chosen. */
typedef void (*SdFileChosenFunc) (GtkWidget *owner,
                                  GFile     *file);

/* Asks where to save an export, titled TITLE: opening in the Documents folder (the home
 * folder without one) with NAME suggested and a filter FILTER_NAME for files ending in
 * SUFFIX. CALLBACK runs when a file was chosen and OWNER still lives. */
void sd_file_chooser_save (GtkWidget        *owner,
                           const char       *title,
                           const char       *name,
                           const char       *filter_name,
                           const char       *suffix,
                           SdFileChosenFunc  callback);
/* Asks for a file to open, titled TITLE, its button ACCEPT_LABEL: FILTER_NAME for files
 * ending in the NULL-terminated SUFFIXES, then all files. CALLBACK as above. */
void sd_file_chooser_open (GtkWidget          *owner,
                           const char         *title,
                           const char         *accept_label,
                           const char         *filter_name,
                           const char * const *suffixes,
                           SdFileChosenFunc    callback);

G_END_DECLS
