/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How the window writes dates for people (money and counts: sd-values.h; phones:
 * sd-phone.h). Pure functions of their arguments (the clock is a parameter), so tests
 * pin them down. */

/* "2026-11-19 14:05" in local time; "—" for 0 */
char *sd_format_datetime      (gint64       utc);
/* "2026-11-19"; "—" for 0 */
char *sd_format_date          (gint64       utc);
/* Recent times relative to NOW ("just now", "5 minutes ago", "3 days ago"), older ones
 * as a date; "—" for 0. */
char *sd_format_when          (gint64       utc,
                               gint64       now);

/* "12,345 customers", translated with the plural the count takes; "" when COUNT is below 0
 * (not counted yet). */
char *sd_format_customers     (gint64       count);

G_END_DECLS
