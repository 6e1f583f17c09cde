/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "net/sd-sms-gateway.h"
#include "sd-session.h"
#include "sd-test-util.h"

G_BEGIN_DECLS

/* An SdSmsGateway in the test's own process: records every message it accepts, answers
 * what the test queues (a gateway code, "DROP": take the batch but lose the answer, "AUTH":
 * the keys refused, "THROTTLE": minute-level throttling), reports every accepted message
 * delivered unless its number is set to fail. */
#define SD_TYPE_FAKE_GATEWAY (sd_fake_gateway_get_type ())
G_DECLARE_FINAL_TYPE (SdFakeGateway, sd_fake_gateway, SD, FAKE_GATEWAY, GObject)

typedef void (*SdFakeGatewayHook) (SdFakeGateway *gateway, guint call, gpointer user_data);

SdFakeGateway *sd_fake_gateway_new           (guint          max_batch);
/* The answers of the next sends, in order; after them every send is accepted. */
void           sd_fake_gateway_queue         (SdFakeGateway *self,
                                              const char    *answer);
/* Messages accepted for PHONE (11 digits). */
guint          sd_fake_gateway_count         (SdFakeGateway *self,
                                              const char    *phone);
/* Messages accepted in all; send calls made (rejected ones too); query calls made. */
guint          sd_fake_gateway_total         (SdFakeGateway *self);
guint          sd_fake_gateway_calls         (SdFakeGateway *self);
guint          sd_fake_gateway_queries       (SdFakeGateway *self);
/* The template parameter PHONE's last message carried. */
const char    *sd_fake_gateway_last_param    (SdFakeGateway *self,
                                              const char    *phone);
/* Delivery reports for PHONE say failed with CODE. */
void           sd_fake_gateway_fail_number   (SdFakeGateway *self,
                                              const char    *phone,
                                              const char    *code);
/* The next N queries fail with SD_ERROR_NETWORK. */
void           sd_fake_gateway_fail_queries  (SdFakeGateway *self,
                                              guint          n);
/* CANCELLABLE is cancelled once the N-th query has answered. */
void           sd_fake_gateway_cancel_after_queries (SdFakeGateway *self,
                                              guint          n,
                                              GCancellable  *cancellable);
/* Called before each send answers (CALL counts from 1). */
void           sd_fake_gateway_set_hook      (SdFakeGateway *self,
                                              SdFakeGatewayHook hook,
                                              gpointer       user_data);

/* A confirmed campaign in STATE ("sending", "scheduled", "paused", "draft", …) with N
 * customers "+86138000%05u" (i = 0 … N-1) queued, each with template_param {"name":"客户i"}
 * and one part; template code SMS_100. Its id. */
gint64         sd_test_outbox_campaign       (SdSession     *session,
                                              const char    *state,
                                              guint          n);
/* The 11 digits of customer I of sd_test_outbox_campaign. */
char          *sd_test_outbox_phone          (guint          i);
/* How many of the campaign's rows are in STATE. */
gint64         sd_test_outbox_count          (SdSession     *session,
                                              gint64         campaign,
                                              const char    *state);
/* The state of the row for customer I's phone; its error code in *OUT_CODE when wanted. */
char          *sd_test_outbox_row_state      (SdSession     *session,
                                              gint64         campaign,
                                              guint          i,
                                              char         **out_code);
/* The customer of the row for customer I's phone. */
gint64         sd_test_outbox_customer       (SdSession     *session,
                                              gint64         campaign,
                                              guint          i);
/* campaigns.state / pause_reason */
char          *sd_test_campaign_state        (SdSession     *session,
                                              gint64         campaign,
                                              char         **out_reason);

G_END_DECLS
