/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-audit-list"

#include "sd-audit-list.h"
#include "sd-audit-row.h"

struct _SdAuditList
{
  GObject    parent_instance;
  GPtrArray *entries;
};

static void sd_audit_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdAuditList, sd_audit_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sd_audit_list_model_init))

static GType
sd_audit_list_get_item_type (GListModel *model)
{
  return SD_TYPE_AUDIT_ROW;
}

static guint
sd_audit_list_get_n_items (GListModel *model)
{
  SdAuditList *self = SD_AUDIT_LIST (model);

  return self->entries != NULL ? self->entries->len : 0;
}

static gpointer
sd_audit_list_get_item (GListModel *model,
                        guint       position)
{
  SdAuditList *self = SD_AUDIT_LIST (model);

  if (self->entries == NULL || position >= self->entries->len)
    return NULL;
  return sd_audit_row_new (self->entries, position);
}

static void
sd_audit_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sd_audit_list_get_item_type;
  iface->get_n_items = sd_audit_list_get_n_items;
  iface->get_item = sd_audit_list_get_item;
}

static void
sd_audit_list_finalize (GObject *object)
{
  SdAuditList *self = SD_AUDIT_LIST (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  G_OBJECT_CLASS (sd_audit_list_parent_class)->finalize (object);
}

static void
sd_audit_list_class_init (SdAuditListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_audit_list_finalize;
}

static void
sd_audit_list_init (SdAuditList *self)
{
}

static void
free_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_ptr_array_unref (task_data);
  g_task_return_boolean (task, TRUE);
}

SdAuditList *
sd_audit_list_new (void)
{
  return g_object_new (SD_TYPE_AUDIT_LIST, NULL);
}

void
sd_audit_list_set_entries (SdAuditList *self,
                           GPtrArray   *entries)
{
  guint removed;
  guint added;
  GPtrArray *old;

  g_return_if_fail (SD_IS_AUDIT_LIST (self));

  if (entries == self->entries)
    return;
  removed = self->entries != NULL ? self->entries->len : 0;
  added = entries != NULL ? entries->len : 0;
  /* Two changes, not one: on a replacement GTK looks for the rows it tracks (focus,
   * scroll anchor) among every added item, 100,000 new objects; after a removal it
   * has nothing to look for. */
  old = g_steal_pointer (&self->entries);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  if (entries != NULL)
    self->entries = g_ptr_array_ref (entries);
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added);
  if (old != NULL)
    {
      /* A log of 100,000 entries takes a while to free: not on the main thread. */
      g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

      g_task_set_source_tag (task, sd_audit_list_set_entries);
      g_task_set_task_data (task, old, NULL);
      g_task_run_in_thread (task, free_thread);
    }
}

const SdAuditEntry *
sd_audit_list_get_entry (SdAuditList *self,
                         guint        position)
{
  g_return_val_if_fail (SD_IS_AUDIT_LIST (self), NULL);

  if (self->entries == NULL || position >= self->entries->len)
    return NULL;
  return g_ptr_array_index (self->entries, position);
}
