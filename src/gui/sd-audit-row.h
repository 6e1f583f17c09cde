/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sd-audit.h"

G_BEGIN_DECLS

#define SD_TYPE_AUDIT_ROW (sd_audit_row_get_type ())
G_DECLARE_FINAL_TYPE (SdAuditRow, sd_audit_row, SD, AUDIT_ROW, GObject)

/* One line of the audit log view: entry INDEX of ENTRIES (an array of SdAuditEntry *),
 * which the row keeps alive. Made when a view asks for it, so that a log of 100,000
 * entries costs 100,000 plain structs, not as many objects. */
SdAuditRow         *sd_audit_row_new       (GPtrArray  *entries,
                                            guint       index);
const SdAuditEntry *sd_audit_row_get_entry (SdAuditRow *self);

G_END_DECLS
