/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-permission"

#include "sd-i18n.h"

#include "sd-permission.h"

static const struct
{
  const char       *id;
  const char       *label;
  SdPermissionArea  area;
} permissions[SD_PERMISSION_N] = {
  [SD_PERMISSION_VIEW_CUSTOMERS]       = { "customers.view", N_("View customers"), SD_PERMISSION_AREA_CUSTOMERS },
  [SD_PERMISSION_EDIT_CUSTOMERS]       = { "customers.edit", N_("Edit customers"), SD_PERMISSION_AREA_CUSTOMERS },
  [SD_PERMISSION_SEE_CONTACT]          = { "customers.contact", N_("See full phone numbers and addresses"), SD_PERMISSION_AREA_CUSTOMERS },
  [SD_PERMISSION_IMPORT_CUSTOMERS]     = { "customers.import", N_("Import customers and orders"), SD_PERMISSION_AREA_CUSTOMERS },
  [SD_PERMISSION_EXPORT_CUSTOMERS]     = { "customers.export", N_("Export customers"), SD_PERMISSION_AREA_CUSTOMERS },
  [SD_PERMISSION_MERGE_CUSTOMERS]      = { "customers.merge", N_("Merge or delete customers"), SD_PERMISSION_AREA_CUSTOMERS },
  [SD_PERMISSION_MANAGE_TIERS]         = { "tiers.manage", N_("Manage tiers and segments"), SD_PERMISSION_AREA_MARKETING },
  [SD_PERMISSION_COMPOSE_CAMPAIGNS]    = { "campaigns.compose", N_("Compose campaigns"), SD_PERMISSION_AREA_MARKETING },
  [SD_PERMISSION_SEND_CAMPAIGNS]       = { "campaigns.send", N_("Send campaigns"), SD_PERMISSION_AREA_MARKETING },
  [SD_PERMISSION_MANAGE_STAFF]         = { "staff.manage", N_("Manage staff and roles"), SD_PERMISSION_AREA_ADMINISTRATION },
  [SD_PERMISSION_CONFIGURE_SHOP]       = { "settings.connections", N_("Configure the shop, store connection and SMS gateway"), SD_PERMISSION_AREA_ADMINISTRATION },
  [SD_PERMISSION_CONVERSATIONS_OWN]    = { "conversations.own", N_("Handle their own conversations"), SD_PERMISSION_AREA_SERVICE },
  [SD_PERMISSION_CONVERSATIONS_ALL]    = { "conversations.all", N_("Handle all conversations"), SD_PERMISSION_AREA_SERVICE },
  [SD_PERMISSION_HANDLE_CASES]         = { "cases.handle", N_("Handle after-sales cases"), SD_PERMISSION_AREA_SERVICE },
  [SD_PERMISSION_REPORTS_OWN]          = { "reports.own", N_("View their own reports"), SD_PERMISSION_AREA_REPORTS },
  [SD_PERMISSION_REPORTS_ALL]          = { "reports.all", N_("View all reports"), SD_PERMISSION_AREA_REPORTS },
  [SD_PERMISSION_VIEW_AUDIT]           = { "audit.view", N_("View the audit log"), SD_PERMISSION_AREA_ADMINISTRATION },
};

static const char *area_labels[SD_PERMISSION_AREA_N] = {
  [SD_PERMISSION_AREA_CUSTOMERS] = N_("Customers"),
  [SD_PERMISSION_AREA_MARKETING] = N_("Marketing"),
  [SD_PERMISSION_AREA_SERVICE] = N_("Customer service"),
  [SD_PERMISSION_AREA_REPORTS] = N_("Reports"),
  [SD_PERMISSION_AREA_ADMINISTRATION] = N_("Administration"),
};

const char *
sd_permission_to_string (SdPermission permission)
{
  g_return_val_if_fail (permission < SD_PERMISSION_N, NULL);
  return permissions[permission].id;
}

gboolean
sd_permission_from_string (const char   *id,
                           SdPermission *out_permission)
{
  for (guint p = 0; id != NULL && p < SD_PERMISSION_N; p++)
    if (g_str_equal (id, permissions[p].id))
      {
        *out_permission = (SdPermission) p;
        return TRUE;
      }
  return FALSE;
}

const char *
sd_permission_get_label (SdPermission permission)
{
  g_return_val_if_fail (permission < SD_PERMISSION_N, NULL);
  return _(permissions[permission].label);
}

SdPermissionArea
sd_permission_get_area (SdPermission permission)
{
  g_return_val_if_fail (permission < SD_PERMISSION_N, SD_PERMISSION_AREA_CUSTOMERS);
  return permissions[permission].area;
}

const char *
sd_permission_area_get_label (SdPermissionArea area)
{
  g_return_val_if_fail (area < SD_PERMISSION_AREA_N, NULL);
  return _(area_labels[area]);
}

char *
sd_permission_set_to_string (SdPermissionSet set)
{
  GString *out = g_string_new (NULL);

  for (guint p = 0; p < SD_PERMISSION_N; p++)
    if (set & SD_PERMISSION_BIT (p))
      {
        if (out->len > 0)
          g_string_append_c (out, ' ');
        g_string_append (out, permissions[p].id);
      }
  return g_string_free (out, FALSE);
}

gboolean
sd_permission_set_has (SdPermissionSet set,
                       SdPermission    permission)
{
  return permission < SD_PERMISSION_N && (set & SD_PERMISSION_BIT (permission)) != 0;
}
