/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A team database's address and password, as the dialogs that ask for them (Connect to a
 * Team Database, Move Shop to a Team Database) show and read them. */

/* The address's row, URL filled in (NULL: empty), named team_address_row; Enter in it
 * activates the window's default widget. */
GtkWidget *sd_team_address_row_new  (const char   *url);
/* The password's row, named team_password_row; Enter activates the default widget. */
GtkWidget *sd_team_password_row_new (void);

/* What ADDRESS and PASSWORD hold: in *OUT_URL the address, trimmed, and in *OUT_PASSWORD
 * the password, PASSWORD's or else one typed into the address, which *OUT_URL then no
 * longer holds (an address is remembered and shown). Both are set, for the caller to free
 * (the password with sd_team_password_free ()); FALSE, with what to type instead in
 * *OUT_PROBLEM, when the address is not a PostgreSQL database's. */
gboolean   sd_team_address_read     (GtkEditable  *address,
                                     GtkEditable  *password,
                                     char        **out_url,
                                     char        **out_password,
                                     char        **out_problem);
/* Frees PASSWORD, wiped first (NULL: nothing). */
void       sd_team_password_free    (char         *password);

G_END_DECLS
