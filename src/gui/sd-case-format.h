/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sd-case.h"

G_BEGIN_DECLS

/* How the case dialog and the Cases page write a case's deadline and history. Pure
 * functions of their arguments (the clock is a parameter), so tests pin them down. */

/* A case's deadline against NOW: "in 3 h", "in 45 min", "in 2 d" while it is ahead;
 * "Overdue by 5 h" once OVERDUE; for a case that is done (resolved or closed, so never
 * overdue) past its deadline, "due " and the local date and time. */
char *sd_case_format_due   (gint64             deadline_at,
                            gint64             now,
                            gboolean           overdue);
/* The deadline of case C as a list shows it against NOW: for a case still open, as
 * sd_case_format_due (); for one resolved or closed, whether it was resolved in time
 * ("Resolved in time", "Resolved 5 h late"), or "Closed unresolved". */
char *sd_case_format_case_due (const SdCase   *c,
                               gint64          now);
/* What EVENT did, in a sentence without its author or time ("Opened the case",
 * "New → In progress", "Handed over: Li → Wang", "Title: “a” → “b”"); a note's text
 * is the caller's to show beside it. */
char *sd_case_format_event (const SdCaseEvent *event);

G_END_DECLS
