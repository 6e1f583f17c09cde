/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-import-issue-list"

#include "sd-import-issue-list.h"

struct _SdImportIssueItem
{
  GObject    parent_instance;
  GPtrArray *issues;      /* keeps the issue alive */
  guint      index;
};

G_DEFINE_FINAL_TYPE (SdImportIssueItem, sd_import_issue_item, G_TYPE_OBJECT)

struct _SdImportIssueList
{
  GObject    parent_instance;
  GPtrArray *issues;      /* SdImportIssue * */
};

static void sd_import_issue_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SdImportIssueList,
                               sd_import_issue_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sd_import_issue_list_model_init))

static void
sd_import_issue_item_finalize (GObject *object)
{
  SdImportIssueItem *self = SD_IMPORT_ISSUE_ITEM (object);

  g_clear_pointer (&self->issues, g_ptr_array_unref);
  G_OBJECT_CLASS (sd_import_issue_item_parent_class)->finalize (object);
}

static void
sd_import_issue_item_class_init (SdImportIssueItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_import_issue_item_finalize;
}

static void
sd_import_issue_item_init (SdImportIssueItem *self)
{
}

const SdImportIssue *
sd_import_issue_item_get_issue (SdImportIssueItem *self)
{
  g_return_val_if_fail (SD_IS_IMPORT_ISSUE_ITEM (self), NULL);
  return g_ptr_array_index (self->issues, self->index);
}

static GType
get_item_type (GListModel *model)
{
  return SD_TYPE_IMPORT_ISSUE_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return SD_IMPORT_ISSUE_LIST (model)->issues->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  SdImportIssueList *self = SD_IMPORT_ISSUE_LIST (model);
  SdImportIssueItem *item;

  if (position >= self->issues->len)
    return NULL;
  item = g_object_new (SD_TYPE_IMPORT_ISSUE_ITEM, NULL);
  item->issues = g_ptr_array_ref (self->issues);
  item->index = position;
  return item;
}

static void
sd_import_issue_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
sd_import_issue_list_finalize (GObject *object)
{
  SdImportIssueList *self = SD_IMPORT_ISSUE_LIST (object);

  g_clear_pointer (&self->issues, g_ptr_array_unref);
  G_OBJECT_CLASS (sd_import_issue_list_parent_class)->finalize (object);
}

static void
sd_import_issue_list_class_init (SdImportIssueListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_import_issue_list_finalize;
}

static void
sd_import_issue_list_init (SdImportIssueList *self)
{
}

/* Takes a reference on ISSUES, which must not change afterwards. */
SdImportIssueList *
sd_import_issue_list_new (GPtrArray *issues)
{
  SdImportIssueList *self;

  g_return_val_if_fail (issues != NULL, NULL);

  self = g_object_new (SD_TYPE_IMPORT_ISSUE_LIST, NULL);
  self->issues = g_ptr_array_ref (issues);
  return self;
}

GPtrArray *
sd_import_issue_list_get_issues (SdImportIssueList *self)
{
  g_return_val_if_fail (SD_IS_IMPORT_ISSUE_LIST (self), NULL);
  return self->issues;
}
