/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-customer.h"
#include "sd-window.h"

G_BEGIN_DECLS

/* GTK and libadwaita for a test program; exits 77 (skip) without a display. */
void      sd_gui_test_init         (int          *argc,
                                    char       ***argv);
/* A demo shop of N customers (5 orders each) in a new temporary directory, its owner
 * SD_TEST_OWNER with SD_TEST_PASSWORD; its path. */
char     *sd_gui_test_make_demo    (guint         n_customers);
/* A window on the shop at PATH, shown, the owner logged in on its login page, with its
 * customer list loaded. */
SdWindow *sd_gui_test_open_window  (const char   *path);
/* The same, logged in as NAME with PASSWORD. */
SdWindow *sd_gui_test_open_window_as (const char *path,
                                      const char *name,
                                      const char *password);
/* Types NAME and PASSWORD on WINDOW's login page and logs in; spins until the answer:
 * whether the window has a session (FALSE: an error is shown, or a new password is asked
 * for). */
gboolean  sd_gui_test_log_in       (SdWindow     *window,
                                    const char   *name,
                                    const char   *password);
/* Runs the main loop until CHECK (DATA) holds or TIMEOUT_MS pass; whether it held. */
gboolean  sd_gui_test_wait_for     (gboolean    (*check) (gpointer data),
                                    gpointer      data,
                                    guint         timeout_ms);
/* Runs the main loop for MS milliseconds. */
void      sd_gui_test_spin         (guint         ms);
/* The first descendant of ROOT of TYPE (depth first) whose name or buildable id is
 * NAME (NULL: any). */
GtkWidget *sd_gui_test_find        (GtkWidget    *root,
                                    GType         type,
                                    const char   *name);
/* A shown toplevel window of TYPE (a dialog, a wizard), or NULL. */
GtkWindow *sd_gui_test_find_toplevel (GType       type);
/* The customer at POSITION of a list model of SdCustomerRow (a view's model). */
const SdCustomer *sd_gui_test_row_customer (GListModel *model,
                                            guint       position);
/* Closes and destroys WINDOW and spins until it is gone. */
void      sd_gui_test_close_window (SdWindow     *window);

G_END_DECLS
