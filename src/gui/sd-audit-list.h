/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-audit.h"

G_BEGIN_DECLS

#define SD_TYPE_AUDIT_LIST (sd_audit_list_get_type ())
G_DECLARE_FINAL_TYPE (SdAuditList, sd_audit_list, SD, AUDIT_LIST, GObject)

/* A GListModel of SdAuditRow over an array of audit entries (newest first, as
 * sd_audit_list() returns them). */
SdAuditList        *sd_audit_list_new          (void);
/* Shows ENTRIES (an array of SdAuditEntry *, referenced) in place of the ones before;
 * NULL: none. */
void                sd_audit_list_set_entries  (SdAuditList *self,
                                                GPtrArray   *entries);
const SdAuditEntry *sd_audit_list_get_entry    (SdAuditList *self,
                                                guint        position);

G_END_DECLS
