/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-csv.h"
#include "sd-import.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* Chat logs from other tools (Qianniu 千牛 exports, other consoles), brought in as closed
 * conversations on the channel "import" so that the KPIs count them.
 *
 * The file: CSV in UTF-8 or GB18030 (sd-csv.h detects which), a header row, then one
 * message a row. Columns, by header (any order, extra columns ignored; ASCII case, spaces
 * and underscores do not matter):
 *   time       时间, 发送时间, 消息时间, 聊天时间, time, datetime
 *              — as sd_parse_time() reads it; without a zone it is Beijing time
 *   buyer      买家, 买家昵称, 买家旺旺, 客户, 客户昵称, 顾客, 旺旺, buyer, buyer nick, customer, nick
 *   staff      客服, 客服账号, 客服昵称, 子账号, 客服子账号, 接待客服, staff, staff account, agent, account
 *              — a staff account's login (小王) or full name (店铺:小王); accounts are never made
 *   direction  方向, 发送方, 消息方向, direction, sender
 *              — 买家/客户/顾客/buyer/customer/in for the buyer's messages,
 *                客服/卖家/商家/seller/agent/staff/out for the agent's, 系统/system
 *   text       内容, 消息内容, 聊天内容, 消息, text, message, content
 * A missing column refuses the whole file (SD_ERROR_INVALID_INPUT naming it).
 *
 * A bad row (a time that is not one, an empty buyer nick, an unknown direction, a staff
 * account the shop does not have, text the encoding cannot decode) is reported with its
 * row (as Excel numbers it: the header is row 1) and column; every good row goes in.
 *
 * Grouping: a row's conversation is the buyer's with that agent. The messages of one
 * (buyer, agent) pair, in time order (file order for equal times), make one conversation
 * until SD_CHATLOG_GAP_SECONDS pass without a message; the next one starts a new one.
 * Each conversation is stored closed (closed_at: its last message), assigned to the agent
 * from its first message, in the agent's department, its customer matched by nick; its
 * timings and counters are those the live console keeps (sd-conversations.h).
 *
 * Idempotence: a conversation's channel_ref is "FIRST_AT/STAFF_ID/BUYER" (its first
 * message's UTC time, the agent's id, the buyer's nick), unique on the channel. A
 * conversation whose ref is already there is skipped whole, so importing the same file
 * again adds nothing, and a run killed part way leaves whole conversations behind: the
 * next run adds the rest. (A later, longer export of a conversation already imported does
 * not extend it: its messages after the first import are not added.)
 *
 * Conversations are written SD_CHATLOG_BATCH at a time, each batch one transaction; the
 * audit entry (chatlog.import) goes with the last. Needs conversations.all. */

#define SD_CHATLOG_GAP_SECONDS (30 * 60)
#define SD_CHATLOG_BATCH       500

typedef struct
{
  SdEncoding encoding;   /* SD_ENCODING_AUTO: detect */
} SdChatlogOptions;

typedef struct
{
  guint64     rows;            /* data rows read */
  guint64     bad_rows;
  guint64     messages;        /* messages added */
  guint64     conversations;   /* conversations added */
  guint64     known;           /* conversations already in the shop, skipped */
  SdEncoding  encoding;
  GPtrArray  *errors;          /* SdImportIssue * (sd-import.h), in row order: the column is the
                                * header as the file writes it, "" for the whole row */
} SdChatlogResult;

gboolean         sd_chatlog_import        (SdSession               *session,
                                           const char              *path,
                                           const SdChatlogOptions  *options,
                                           SdImportProgressFunc     progress,
                                           gpointer                 user_data,
                                           GCancellable            *cancellable,
                                           SdChatlogResult        **out_result,
                                           GError                 **error);
void             sd_chatlog_result_free   (SdChatlogResult         *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdChatlogResult, sd_chatlog_result_free)

G_END_DECLS
