/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-audit-row"

#include "sd-audit-row.h"

struct _SdAuditRow
{
  GObject    parent_instance;
  GPtrArray *entries;
  guint      index;
};

G_DEFINE_FINAL_TYPE (SdAuditRow, sd_audit_row, G_TYPE_OBJECT)

static void
sd_audit_row_finalize (GObject *object)
{
  SdAuditRow *self = SD_AUDIT_ROW (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  G_OBJECT_CLASS (sd_audit_row_parent_class)->finalize (object);
}

static void
sd_audit_row_class_init (SdAuditRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_audit_row_finalize;
}

static void
sd_audit_row_init (SdAuditRow *self)
{
}

SdAuditRow *
sd_audit_row_new (GPtrArray *entries,
                  guint      index)
{
  SdAuditRow *self;

  g_return_val_if_fail (entries != NULL, NULL);
  g_return_val_if_fail (index < entries->len, NULL);

  self = g_object_new (SD_TYPE_AUDIT_ROW, NULL);
  self->entries = g_ptr_array_ref (entries);
  self->index = index;
  return self;
}

const SdAuditEntry *
sd_audit_row_get_entry (SdAuditRow *self)
{
  g_return_val_if_fail (SD_IS_AUDIT_ROW (self), NULL);
  return g_ptr_array_index (self->entries, self->index);
}
