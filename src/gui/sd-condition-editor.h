/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-condition.h"
#include "sd-session.h"
#include "sd-tiers.h"

G_BEGIN_DECLS

#define SD_TYPE_CONDITION_EDITOR (sd_condition_editor_get_type ())
G_DECLARE_FINAL_TYPE (SdConditionEditor, sd_condition_editor, SD, CONDITION_EDITOR, AdwBin)

/* Conditions as rows: "Match [all|any] of:" then one row per comparison (field dropdown with
 * sd_condition_field_get_label, operator dropdown limited by sd_condition_field_allows_op,
 * value widget suited to the field's value kind: yuan / percent / whole number entry, grade
 * dropdown for tier, group dropdown for rfm_group, 1–5 for rfm_r/f/m, text with completion
 * for tag/province/city), a remove button per row, "Add condition". A condition the rows
 * cannot show (nested groups, "not") switches the editor to its text mode: an entry holding
 * the --where text, parsed as typed with the error shown at its column. The user can switch
 * between rows and text at any time when the condition fits rows. */
GtkWidget   *sd_condition_editor_new            (void);
/* Tag completion and grade names come from the session (may be NULL). */
void         sd_condition_editor_set_session    (SdConditionEditor *self,
                                                 SdSession         *session);
/* Replaces what is shown; NULL: one empty row. */
void         sd_condition_editor_set_condition  (SdConditionEditor *self,
                                                 SdCondition       *condition);
/* The condition shown (a new reference), or NULL while it is incomplete or invalid — then
 * sd_condition_editor_get_error () says why, for people ("Row 2: a value is missing"). */
SdCondition *sd_condition_editor_get_condition  (SdConditionEditor *self);
const char  *sd_condition_editor_get_error      (SdConditionEditor *self);
/* Signal "changed" (no arguments): emitted on every edit, at once (callers debounce). */

/* CONDITION in words, as the rows show it, for a list: "Total spent (yuan) ≥ ¥500.00 and
 * Tag has “老客”", grades by LADDER's names (NULL: the built-in ones); its canonical text
 * when rows cannot show it. */
char        *sd_condition_editor_describe       (const SdCondition  *condition,
                                                 const SdTierLadder *ladder);

G_END_DECLS
