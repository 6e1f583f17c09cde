/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sd-permission.h"
#include "sd-session.h"

G_BEGIN_DECLS

typedef enum
{
  SD_STAFF_ACTIVE,
  SD_STAFF_DISABLED,           /* by the owner (or a manager of staff) */
  SD_STAFF_LOCKED,             /* after too many wrong passwords, until locked_until */
} SdStaffStatus;

/* A built-in role's key; custom roles have none. */
#define SD_ROLE_OWNER       "owner"
#define SD_ROLE_MANAGER     "manager"
#define SD_ROLE_PRESALES    "presales"
#define SD_ROLE_AFTERSALES  "aftersales"
#define SD_ROLE_MARKETING   "marketing"

typedef struct
{
  gint64           id;
  char            *key;           /* SD_ROLE_… for a built-in role, "" for a custom one */
  char            *name;          /* shown: a built-in role's name is translated */
  SdPermissionSet  permissions;
  gint64           member_count;  /* accounts with this role, disabled ones included */
} SdRole;

typedef struct
{
  gint64  id;
  char   *key;                    /* "presales", "insale", "aftersales", "warehouse", or "" */
  char   *name;                   /* shown: a default department's name is translated until renamed */
  gint64  member_count;
} SdDepartment;

/* A staff account. The owner's account (主账号) is named like the shop's main account;
 * a sub-account (子账号) is "shop:name", where staff type the part after the colon. */
typedef struct
{
  gint64         id;
  char          *login;           /* what the person types: "小王", or the owner's name */
  char          *full_name;       /* "小米旗舰店:小王"; the owner's is the login */
  char          *display_name;
  gint64         department_id;   /* 0: none (the owner) */
  char          *department_key;
  char          *department_name; /* "" when none */
  gint64         role_id;
  char          *role_key;
  char          *role_name;
  SdPermissionSet permissions;    /* the role's */
  SdStaffStatus  status;
  gboolean       is_owner;        /* holds the Owner role */
  gboolean       must_change_password;
  gint64         created_at;
  gint64         last_login_at;   /* 0: never */
  gint64         locked_until;    /* UTC seconds; 0 unless locked */
} SdStaffAccount;

#define SD_TYPE_ROLE (sd_role_get_type ())
#define SD_TYPE_DEPARTMENT (sd_department_get_type ())
#define SD_TYPE_STAFF_ACCOUNT (sd_staff_account_get_type ())

GType           sd_role_get_type              (void) G_GNUC_CONST;
SdRole         *sd_role_copy                  (const SdRole *role);
void            sd_role_free                  (SdRole       *role);
GType           sd_department_get_type        (void) G_GNUC_CONST;
SdDepartment   *sd_department_copy            (const SdDepartment *department);
void            sd_department_free            (SdDepartment *department);
GType           sd_staff_account_get_type     (void) G_GNUC_CONST;
SdStaffAccount *sd_staff_account_copy         (const SdStaffAccount *account);
void            sd_staff_account_free         (SdStaffAccount *account);
const char     *sd_staff_status_to_string     (SdStaffStatus status);   /* "active", … */
const char     *sd_staff_status_get_label     (SdStaffStatus status);   /* translated */

/* Checks a sub-account name the way sd_staff_add() will (length of "shop:name" at most 30
 * columns, a CJK character counting 2; not all digits; no colon or space at the ends),
 * without looking at the database. */
gboolean        sd_staff_check_login          (const char   *shop_name,
                                               const char   *login,
                                               GError      **error);

/* Accounts. Every call needs staff.manage (listing and showing: staff.manage, or the
 * account is the caller's own). Nobody may hand out a role holding permissions they lack,
 * act on an account whose role holds permissions they lack, or change their own role or
 * status. The last active owner stays active and an owner. */
GPtrArray      *sd_staff_list                 (SdSession    *session,
                                               GError      **error);   /* SdStaffAccount *, by department then name */
SdStaffAccount *sd_staff_get                  (SdSession    *session,
                                               gint64        id,
                                               GError      **error);
/* By login ("小王"), full name ("shop:小王") or id as text. */
SdStaffAccount *sd_staff_find                 (SdSession    *session,
                                               const char   *name,
                                               GError      **error);
/* Returns the new account's id, 0 on error. The password must be changed at first login. */
gint64          sd_staff_add                  (SdSession    *session,
                                               const char   *login,
                                               const char   *display_name,
                                               gint64        department_id,
                                               gint64        role_id,
                                               const char   *password,
                                               GError      **error);
gboolean        sd_staff_set_display_name     (SdSession    *session,
                                               gint64        id,
                                               const char   *display_name,
                                               GError      **error);
gboolean        sd_staff_set_department       (SdSession    *session,
                                               gint64        id,
                                               gint64        department_id,
                                               GError      **error);
gboolean        sd_staff_set_role             (SdSession    *session,
                                               gint64        id,
                                               gint64        role_id,
                                               GError      **error);
/* Disables or enables; enabling also lifts a lock. */
gboolean        sd_staff_set_enabled          (SdSession    *session,
                                               gint64        id,
                                               gboolean      enabled,
                                               GError      **error);
/* A new password the account must change at its next login; lifts a lock. */
gboolean        sd_staff_reset_password       (SdSession    *session,
                                               gint64        id,
                                               const char   *new_password,
                                               GError      **error);

/* Departments: listing needs customers.view or staff.manage; changes need staff.manage.
 * A department with accounts in it cannot be removed. */
GPtrArray      *sd_departments_list           (SdSession    *session,
                                               GError      **error);   /* SdDepartment * */
gint64          sd_departments_add            (SdSession    *session,
                                               const char   *name,
                                               GError      **error);
gboolean        sd_departments_rename         (SdSession    *session,
                                               gint64        id,
                                               const char   *name,
                                               GError      **error);
gboolean        sd_departments_remove         (SdSession    *session,
                                               gint64        id,
                                               GError      **error);
/* By name (translated or not, or the key) or id as text. */
SdDepartment   *sd_departments_find           (SdSession    *session,
                                               const char   *name,
                                               GError      **error);

/* Roles: listing needs staff.manage (or is one's own role through sd_session); changes
 * need staff.manage and every permission granted. The Owner role cannot change; nobody
 * changes the role they hold. A role with members cannot be deleted. */
GPtrArray      *sd_roles_list                 (SdSession    *session,
                                               GError      **error);   /* SdRole * */
SdRole         *sd_roles_get                  (SdSession    *session,
                                               gint64        id,
                                               GError      **error);
/* By name (translated or not, or the key) or id as text. */
SdRole         *sd_roles_find                 (SdSession    *session,
                                               const char   *name,
                                               GError      **error);
gint64          sd_roles_create               (SdSession    *session,
                                               const char   *name,
                                               SdPermissionSet permissions,
                                               GError      **error);
gboolean        sd_roles_rename               (SdSession    *session,
                                               gint64        id,
                                               const char   *name,
                                               GError      **error);
/* Grants the permissions in GRANT and revokes those in REVOKE, in one change. */
gboolean        sd_roles_change               (SdSession    *session,
                                               gint64        id,
                                               SdPermissionSet grant,
                                               SdPermissionSet revoke,
                                               GError      **error);
gboolean        sd_roles_delete               (SdSession    *session,
                                               gint64        id,
                                               GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdRole, sd_role_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdDepartment, sd_department_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdStaffAccount, sd_staff_account_free)

G_END_DECLS
