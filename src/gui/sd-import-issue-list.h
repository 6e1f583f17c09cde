/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-import.h"

G_BEGIN_DECLS

#define SD_TYPE_IMPORT_ISSUE_ITEM (sd_import_issue_item_get_type ())
G_DECLARE_FINAL_TYPE (SdImportIssueItem, sd_import_issue_item, SD, IMPORT_ISSUE_ITEM, GObject)

#define SD_TYPE_IMPORT_ISSUE_LIST (sd_import_issue_list_get_type ())
G_DECLARE_FINAL_TYPE (SdImportIssueList, sd_import_issue_list, SD, IMPORT_ISSUE_LIST, GObject)

/* The rows an import rejected, as a list model of SdImportIssueItem. An import of a
 * million bad rows has a million of them: items are made only for the rows a view asks
 * for, not kept. */
SdImportIssueList   *sd_import_issue_list_new        (GPtrArray         *issues);
/* SdImportIssue *, as given (not a copy). */
GPtrArray           *sd_import_issue_list_get_issues (SdImportIssueList *self);

const SdImportIssue *sd_import_issue_item_get_issue  (SdImportIssueItem *self);

G_END_DECLS
