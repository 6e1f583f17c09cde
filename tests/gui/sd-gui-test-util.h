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
/* A window on the shop at PATH with SETTINGS, shown and drawn, on its login page: nobody
 * logged in. */
SdWindow *sd_gui_test_open_login   (const char   *path,
                                    SdSettings   *settings);
/* Whether WINDOW's customer list has read its customers (or the shop has none). */
gboolean  sd_gui_test_list_ready   (gpointer      window);
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
/* The same, which must be there. ROOT: any widget (a page, a dialog, a window). */
GtkWidget *sd_gui_test_get         (gpointer      root,
                                    GType         type,
                                    const char   *name);
/* The X screen (with ImageMagick's `import`) as DIR/NAME-WxH.png, WINDOW at 1280×800 and
 * then at 1024×600; nothing when DIR is NULL (screenshots not asked for). */
void      sd_gui_test_shot         (GtkWindow    *window,
                                    const char   *dir,
                                    const char   *name);
/* A shown toplevel window of TYPE (a dialog, a wizard), or NULL. */
GtkWindow *sd_gui_test_find_toplevel (GType       type);
/* The customer at POSITION of a list model of SdCustomerRow (a view's model). */
const SdCustomer *sd_gui_test_row_customer (GListModel *model,
                                            guint       position);
/* Closes and destroys WINDOW and spins until it is gone. */
void      sd_gui_test_close_window (SdWindow     *window);

/* Presents WINDOW and spins until its first frame is drawn. */
void      sd_gui_test_present      (GtkWindow    *window);
/* Destroys WINDOW and spins until it is gone. */
void      sd_gui_test_destroy_window (GtkWindow  *window);

/* For a page tested without the main window: a new shop, and a plain window to hold the
 * page. */
typedef struct
{
  char      *dir;      /* the shop's directory, for files a test writes beside it */
  char      *path;     /* the shop */
  SdSession *owner;    /* the owner's session on it */
  GtkWindow *window;
} SdGuiTestShop;

/* A new shop (sd_test_new_temp_shop ()) and a 1024 × 768 window holding PAGE, not shown
 * yet: the test gives the page its session, then presents the window. */
void      sd_gui_test_shop_set_up  (SdGuiTestShop *shop,
                                    GtkWidget     *page);
/* Destroys every toplevel window but KEEP (NULL: all): the dialogs a failed test left
 * open. */
void      sd_gui_test_destroy_other_windows (GtkWindow *keep);
/* Destroys every toplevel window, the dialogs a failed test left open first and the page's
 * window last; frees the rest. */
void      sd_gui_test_shop_tear_down (SdGuiTestShop *shop);

/* Spins until a toplevel window of TYPE is shown, which must happen; that window. */
GtkWindow *sd_gui_test_wait_toplevel (GType       type);
/* Spins until no toplevel window of TYPE is shown; whether none is. */
gboolean  sd_gui_test_wait_no_toplevel (GType     type);
/* Saves to PATH through the file chooser that a window opened, as a person would: the
 * whole path typed into the name, then the accept button. Typed, not chosen by folder, so
 * the chooser's own loading of its first folder cannot race it. */
void      sd_gui_test_save_in_chooser (const char *path);

G_END_DECLS
