/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-session.h"

G_BEGIN_DECLS

/* What an entry records. The ids are stable: scripts filter on them. */
#define SD_AUDIT_LOGIN_OK          "login.ok"
#define SD_AUDIT_LOGIN_FAILED      "login.failed"
#define SD_AUDIT_LOGIN_LOCKED      "login.locked"      /* the failure that locked the account */
#define SD_AUDIT_LOGOUT            "logout"
#define SD_AUDIT_PASSWORD_CHANGE   "password.change"
#define SD_AUDIT_PASSWORD_RESET    "password.reset"
#define SD_AUDIT_DENIED            "denied"            /* a refused call; detail names the permission */
#define SD_AUDIT_SHOP_CREATE       "shop.create"
#define SD_AUDIT_SHOP_RENAME       "shop.rename"
#define SD_AUDIT_SHOP_MOVE         "shop.move"
#define SD_AUDIT_STAFF_ADD         "staff.add"
#define SD_AUDIT_STAFF_EDIT        "staff.edit"        /* display name */
#define SD_AUDIT_STAFF_DISABLE     "staff.disable"
#define SD_AUDIT_STAFF_ENABLE      "staff.enable"
#define SD_AUDIT_STAFF_ROLE        "staff.role"
#define SD_AUDIT_STAFF_DEPARTMENT  "staff.department"
#define SD_AUDIT_ROLE_CREATE       "role.create"
#define SD_AUDIT_ROLE_RENAME       "role.rename"
#define SD_AUDIT_ROLE_GRANT        "role.grant"
#define SD_AUDIT_ROLE_REVOKE       "role.revoke"
#define SD_AUDIT_ROLE_DELETE       "role.delete"
#define SD_AUDIT_DEPARTMENT_ADD    "department.add"
#define SD_AUDIT_DEPARTMENT_RENAME "department.rename"
#define SD_AUDIT_DEPARTMENT_REMOVE "department.remove"
#define SD_AUDIT_IMPORT            "customers.import"
#define SD_AUDIT_EXPORT            "customers.export"  /* detail: format, rows, file */
#define SD_AUDIT_MERGE             "customers.merge"
#define SD_AUDIT_DELETE            "customers.delete"
#define SD_AUDIT_TIER_PIN          "tier.pin"
#define SD_AUDIT_TIER_UNPIN        "tier.unpin"
#define SD_AUDIT_TIER_LADDER       "tier.ladder"       /* detail: the whole ladder saved */
#define SD_AUDIT_TIER_RECOMPUTE    "tier.recompute"
#define SD_AUDIT_TIER_RULE         "tier.rule"         /* a custom tier rule added, changed or deleted */
#define SD_AUDIT_SEGMENT_CREATE    "segment.create"    /* detail: name and condition */
#define SD_AUDIT_SEGMENT_EDIT      "segment.edit"      /* renamed or its condition changed */
#define SD_AUDIT_SEGMENT_DELETE    "segment.delete"
#define SD_AUDIT_CAMPAIGN_CREATE   "campaign.create"
#define SD_AUDIT_CAMPAIGN_UPDATE   "campaign.update"
#define SD_AUDIT_CAMPAIGN_DELETE   "campaign.delete"
#define SD_AUDIT_CAMPAIGN_CONFIRM  "campaign.confirm"  /* detail: recipients and left out, by reason */
#define SD_AUDIT_CAMPAIGN_CANCEL   "campaign.cancel"
#define SD_AUDIT_CAMPAIGN_SEND     "campaign.send"
#define SD_AUDIT_CAMPAIGN_PAUSE    "campaign.pause"
#define SD_AUDIT_CAMPAIGN_RESUME   "campaign.resume"
#define SD_AUDIT_CAMPAIGN_TEST     "campaign.test"     /* a test message to one number */
#define SD_AUDIT_GATEWAY_SET       "gateway.set"       /* detail: gateway, URL, sign name; never a key */
#define SD_AUDIT_GATEWAY_CLEAR     "gateway.clear"
#define SD_AUDIT_SMS_SETTINGS      "sms.settings"
#define SD_AUDIT_OPTOUTS_ADD       "optouts.add"
#define SD_AUDIT_OPTOUTS_IMPORT    "optouts.import"
#define SD_AUDIT_CREDENTIALS       "credentials.change" /* store or SMS gateway secrets */
#define SD_AUDIT_AUDIT_EXPORT      "audit.export"
#define SD_AUDIT_STORE_CONNECT     "store.connect"     /* detail: platform, URL, app key, seller; never a secret */
#define SD_AUDIT_STORE_DISCONNECT  "store.disconnect"
#define SD_AUDIT_STORE_SYNC        "store.sync"        /* detail: what the sync wrote */
#define SD_AUDIT_CASE_OPEN         "case.open"         /* detail: type and title */
#define SD_AUDIT_CASE_CLOSE        "case.close"
#define SD_AUDIT_CASE_DEADLINE     "case.deadline"     /* detail: type, hours before and after */
#define SD_AUDIT_QUICK_REPLY_ADD   "quick_reply.add"   /* shared (shop or department) replies only */
#define SD_AUDIT_QUICK_REPLY_EDIT  "quick_reply.edit"
#define SD_AUDIT_QUICK_REPLY_REMOVE "quick_reply.remove"
#define SD_AUDIT_CONVERSATION_ASSIGN   "conversation.assign"   /* detail: buyer, from → to staff id */
#define SD_AUDIT_CONVERSATION_TRANSFER "conversation.transfer" /* detail: buyer, from → to staff id: note */
#define SD_AUDIT_CHATLOG_IMPORT   "chatlog.import"    /* detail: file, conversations and messages added */
#define SD_AUDIT_AGENT_SETTINGS   "agent.settings"    /* detail: login, limit and weight before → after */
#define SD_AUDIT_AGENT_STATUS     "agent.status"      /* a manager took another agent offline; one's own status is not audited */
#define SD_AUDIT_ROUTING_RULES    "routing.rules"     /* detail: the whole rule list saved */

typedef struct
{
  gint64  id;
  gint64  at;              /* UTC seconds */
  gint64  staff_id;        /* 0: nobody logged in (a failed login under an unknown name) */
  char   *staff_name;      /* the full name as it was then, or the name typed */
  char   *action;          /* SD_AUDIT_… */
  char   *object_kind;     /* "customer", "staff", "role", "department", "file", … or "" */
  char   *object_id;       /* "" when none */
  char   *detail;          /* readable, in English: the permission refused, rows exported, … */
  char   *hash;            /* hex SHA-256 over the previous entry's hash and this entry */
} SdAuditEntry;

typedef struct
{
  gint64      since;       /* UTC seconds, inclusive; 0: from the start */
  gint64      until;       /* exclusive; 0: to now */
  const char *staff_name;  /* a login, full name or NULL */
  const char *action;      /* an action id, or a prefix ending in "." ("login."), or NULL */
  guint       limit;       /* 0: no limit */
} SdAuditFilter;

#define SD_TYPE_AUDIT_ENTRY (sd_audit_entry_get_type ())

GType         sd_audit_entry_get_type  (void) G_GNUC_CONST;
SdAuditEntry *sd_audit_entry_copy      (const SdAuditEntry *entry);
void          sd_audit_entry_free      (SdAuditEntry *entry);
/* "Exported customers", translated, for an action id; the id itself when unknown. */
const char   *sd_audit_action_get_label (const char *action);
/* Every action id, NULL-terminated, for a filter menu. */
const char * const *sd_audit_list_actions (void);

/* Appends an entry by the session's account. Callers in the core do this inside the
 * transaction of the change it records, so the change and its entry land together. */
gboolean      sd_audit_append          (SdSession    *session,
                                        const char   *action,
                                        const char   *object_kind,
                                        const char   *object_id,
                                        const char   *detail,
                                        GError      **error);

/* Newest first. Needs audit.view. */
GPtrArray    *sd_audit_list            (SdSession    *session,
                                        const SdAuditFilter *filter,
                                        GError      **error);   /* SdAuditEntry * */
/* Recomputes the chain from the first entry. TRUE when it holds (out_broken_id 0); FALSE
 * without error and the id of the first entry whose hash does not follow when it does not
 * (a changed, removed or inserted entry). Needs audit.view. */
gboolean      sd_audit_verify          (SdSession    *session,
                                        gint64       *out_entries,
                                        gint64       *out_broken_id,
                                        GError      **error);
/* The entries the filter selects as CSV (UTF-8 with BOM), oldest first; audited. */
gboolean      sd_audit_export_csv      (SdSession    *session,
                                        const SdAuditFilter *filter,
                                        GOutputStream *stream,
                                        guint64      *out_count,
                                        GCancellable *cancellable,
                                        GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdAuditEntry, sd_audit_entry_free)

G_END_DECLS
