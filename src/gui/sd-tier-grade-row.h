/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-tiers.h"

G_BEGIN_DECLS

#define SD_TYPE_TIER_GRADE_ROW (sd_tier_grade_row_get_type ())
G_DECLARE_FINAL_TYPE (SdTierGradeRow, sd_tier_grade_row, SD, TIER_GRADE_ROW, AdwExpanderRow)

/* One grade of the membership ladder, to edit: collapsed, its name, what reaches it, its
 * discount and how many customers hold it; expanded, the name, an on/off switch, the
 * basis (total paid or trades), the threshold (typed in yuan, held in fen exactly, or in
 * trades) and the discount (typed in 折: 9.5 is 950‰). Grade 0 is every customer: always
 * on, no basis nor threshold. Signal "changed" at every edit. */
/* COUNT_GROUP (NULL: none) lines up the rows' counts. */
GtkWidget  *sd_tier_grade_row_new        (int                 grade,
                                          GtkSizeGroup       *count_group);
int         sd_tier_grade_row_get_grade  (SdTierGradeRow     *self);
/* Fills the editors with VALUE (as saved, or on "Revert"); emits no "changed". */
void        sd_tier_grade_row_set_value  (SdTierGradeRow     *self,
                                          const SdTierGrade  *value);
/* Writes what the editors say into LADDER's grade; FALSE, with a message for people
 * naming the grade, when the threshold or the discount is not a value (LADDER's grade then
 * keeps the rest). */
gboolean    sd_tier_grade_row_read       (SdTierGradeRow     *self,
                                          SdTierLadder       *ladder,
                                          char              **out_message);
/* Customers holding the grade now; below 0: not known yet. */
void        sd_tier_grade_row_set_count  (SdTierGradeRow     *self,
                                          gint64              count);
/* MESSAGE in the error style in place of the summary; NULL: the summary again. */
void        sd_tier_grade_row_set_error  (SdTierGradeRow     *self,
                                          const char         *message);
const char *sd_tier_grade_row_get_error  (SdTierGradeRow     *self);

/* Pure helpers, shared with the read-only rows and the simulator. */

/* The grade's number in a small round badge, the rows' prefix. */
GtkWidget  *sd_tier_grade_row_new_number      (int            grade);

/* 950 → "9.5折", 955 → "9.55折", 1000 → "No discount", as sellers read it. */
char       *sd_tier_grade_row_format_discount (int            permille);
/* "9.5" or "9.5折" → 950: the discount typed in 折, at most two decimals. FALSE with a
 * message for people when it is not one (a range check is the ladder's). */
gboolean    sd_tier_grade_row_parse_discount  (const char    *text,
                                               int           *out_permille,
                                               char         **out_message);
/* What reaches grade GRADE and what it gives: "Total paid at least ¥1,000.00 · 9.5折". */
char       *sd_tier_grade_row_describe        (int                grade,
                                               const SdTierGrade *value);

G_END_DECLS
