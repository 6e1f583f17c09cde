/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What an account may do. The ids (sd_permission_to_string) are what the database, the
 * CLI and the audit log say; never reorder the enum's meaning in stored data, which holds
 * the ids, not the numbers. */
typedef enum
{
  SD_PERMISSION_VIEW_CUSTOMERS,        /* customers.view */
  SD_PERMISSION_EDIT_CUSTOMERS,        /* customers.edit: fields, tags, notes, SMS opt-out */
  SD_PERMISSION_SEE_CONTACT,           /* customers.contact: full phone numbers and addresses */
  SD_PERMISSION_IMPORT_CUSTOMERS,      /* customers.import: import files, demo data */
  SD_PERMISSION_EXPORT_CUSTOMERS,      /* customers.export */
  SD_PERMISSION_MERGE_CUSTOMERS,       /* customers.merge: merge or delete customers */
  SD_PERMISSION_MANAGE_TIERS,          /* tiers.manage: tiers and segments */
  SD_PERMISSION_COMPOSE_CAMPAIGNS,     /* campaigns.compose */
  SD_PERMISSION_SEND_CAMPAIGNS,        /* campaigns.send */
  SD_PERMISSION_MANAGE_STAFF,          /* staff.manage: accounts, departments and roles */
  SD_PERMISSION_CONFIGURE_SHOP,        /* settings.connections: shop, store connection, SMS gateway */
  SD_PERMISSION_CONVERSATIONS_OWN,     /* conversations.own */
  SD_PERMISSION_CONVERSATIONS_ALL,     /* conversations.all */
  SD_PERMISSION_HANDLE_CASES,          /* cases.handle */
  SD_PERMISSION_REPORTS_OWN,           /* reports.own */
  SD_PERMISSION_REPORTS_ALL,           /* reports.all */
  SD_PERMISSION_VIEW_AUDIT,            /* audit.view */
  SD_PERMISSION_N
} SdPermission;

/* Where the role editor groups a permission. */
typedef enum
{
  SD_PERMISSION_AREA_CUSTOMERS,
  SD_PERMISSION_AREA_MARKETING,
  SD_PERMISSION_AREA_SERVICE,
  SD_PERMISSION_AREA_REPORTS,
  SD_PERMISSION_AREA_ADMINISTRATION,
  SD_PERMISSION_AREA_N
} SdPermissionArea;

/* A set of permissions, one bit a permission. */
typedef guint64 SdPermissionSet;

#define SD_PERMISSION_BIT(p)    (G_GUINT64_CONSTANT (1) << (p))
#define SD_PERMISSION_SET_ALL   (SD_PERMISSION_BIT (SD_PERMISSION_N) - 1)

const char       *sd_permission_to_string    (SdPermission      permission);
gboolean          sd_permission_from_string  (const char       *id,
                                              SdPermission     *out_permission);
/* "See full phone numbers and addresses": translated, for people. */
const char       *sd_permission_get_label    (SdPermission      permission);
SdPermissionArea  sd_permission_get_area     (SdPermission      permission);
const char       *sd_permission_area_get_label (SdPermissionArea area);
/* "customers.view customers.edit": the ids in enum order, space separated. */
char             *sd_permission_set_to_string (SdPermissionSet  set);
gboolean          sd_permission_set_has      (SdPermissionSet   set,
                                              SdPermission      permission);

G_END_DECLS
