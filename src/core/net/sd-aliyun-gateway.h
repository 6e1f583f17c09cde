/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-sms-gateway.h"

G_BEGIN_DECLS

/* Aliyun SMS (dysmsapi 2017-05-25, PROTOCOLS.md §3) as an SdSmsGateway: SendSms for one
 * number, SendBatchSms for up to 100, QuerySendDetails for the delivery reports; every
 * request signed (RPC signature v1, HMAC-SHA1) with a fresh nonce and timestamp, sent as a
 * POST form. */

#define SD_TYPE_ALIYUN_GATEWAY (sd_aliyun_gateway_get_type ())
G_DECLARE_FINAL_TYPE (SdAliyunGateway, sd_aliyun_gateway, SD, ALIYUN_GATEWAY, GObject)

#define SD_ALIYUN_DEFAULT_URL "https://dysmsapi.aliyuncs.com/"
#define SD_ALIYUN_MAX_BATCH 100

/* URL: the endpoint (NULL: SD_ALIYUN_DEFAULT_URL; tests give the simulator's
 * "http://127.0.0.1:PORT/"). SIGN_NAME: the approved signature, without 【】. The key pair is
 * kept in the object only, never shown. */
SdAliyunGateway *sd_aliyun_gateway_new (const char *url,
                                        const char *access_key_id,
                                        const char *access_key_secret,
                                        const char *sign_name);

/* Tuning, for tests: the first wait after a throttled answer (default 1000 ms, doubled each
 * time), how many throttled answers in a row before send gives up with retry_later (default
 * 4), and the request timeout (default 30 s). 0 keeps the current value. */
void             sd_aliyun_gateway_set_retry (SdAliyunGateway *self,
                                              guint            backoff_ms,
                                              guint            max_throttled,
                                              guint            timeout_s);

G_END_DECLS
