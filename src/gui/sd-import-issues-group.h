/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SD_TYPE_IMPORT_ISSUES_GROUP (sd_import_issues_group_get_type ())
G_DECLARE_FINAL_TYPE (SdImportIssuesGroup, sd_import_issues_group, SD, IMPORT_ISSUES_GROUP,
                      AdwPreferencesGroup)

/* The rows an import rejected (row, column, reason), with Copy (tab-separated, for a
 * spreadsheet) and Save as CSV… — the customer import wizard's and the chat-log import's.
 *
 * Signal "toast" (const char *message): what Copy and Save did, for the owner to show. */
GtkWidget *sd_import_issues_group_new        (void);
/* ISSUES: SdImportIssue * (sd-import.h), kept; NULL or empty hides the group. SOURCE: the
 * file they came from, whose folder and name the Save dialog suggests; may be NULL. */
void       sd_import_issues_group_set_issues (SdImportIssuesGroup *self,
                                              GPtrArray           *issues,
                                              GFile               *source);

G_END_DECLS
