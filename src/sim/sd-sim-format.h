/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writing JSON straight into a GString (the simulator never builds a JsonNode tree: a page
 * of 100 trades has to be written in well under a millisecond), and the two time formats
 * the platforms use. Times are Unix seconds; both platforms here speak GMT+8. */

#define SD_SIM_UTC_OFFSET (8 * 3600)

void     sd_sim_append_int        (GString    *out,
                                   gint64      value);
void     sd_sim_append_string     (GString    *out,
                                   const char *text);
void     sd_sim_append_money      (GString    *out,
                                   gint64      cents);
void     sd_sim_append_top_time   (GString    *out,
                                   gint64      unix_time);
void     sd_sim_append_iso_time   (GString    *out,
                                   gint64      unix_time);
void     sd_sim_append_member     (GString    *out,
                                   const char *name);
void     sd_sim_append_next_member (GString   *out,
                                    gsize      open,
                                    const char *name);

gboolean sd_sim_parse_top_time    (const char *text,
                                   gint64     *out_unix);
gboolean sd_sim_parse_iso_time    (const char *text,
                                   gint64     *out_unix);
gboolean sd_sim_parse_uint        (const char *text,
                                   guint64     max,
                                   guint64    *out_value);
gboolean sd_sim_parse_rate        (const char *text,
                                   double     *out_rate);

G_END_DECLS
