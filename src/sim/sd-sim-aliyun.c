/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include "sd-sim-aliyun.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sd-sim-admin.h"
#include "sd-sim-format.h"

#define ALIYUN_VERSION "2017-05-25"
#define ADMIN_PREFIX "/_sim/aliyun/"
/* Aliyun refuses a Timestamp further than this from its clock. */
#define MAX_SKEW_S (15 * 60)
#define SEND_SMS_MAX 1000
#define SEND_BATCH_MAX 100
#define QUERY_PAGE_MAX 50
#define CHINA_OFFSET_S (8 * 3600)

typedef struct
{
  char  *phone;
  char  *out_id;
  char  *template_code;
  char  *template_param;
  char  *sign_name;
  char  *biz_id;
  char  *content;         /* as the phone shows it: 【signature】 and the text */
  gint64 time;            /* real Unix seconds */
  gint64 time_ms;         /* for the delivery delay */
} Message;

struct _SdSimAliyun
{
  char       *key_id;
  char       *key_secret;
  guint       delivery_delay_ms;
  GPtrArray  *messages;     /* Message*, in order of acceptance */
  GHashTable *counts;       /* phone → GUINT_TO_POINTER (messages accepted) */
  GHashTable *failing;      /* phone → the delivery error code */
  GHashTable *nonces;       /* SignatureNonce values seen */
  GHashTable *calls;        /* Action → GUINT_TO_POINTER (calls that passed the checks) */
  GHashTable *templates;    /* approved TemplateCode → its text with ${var}; empty: any code */
  guint64     n_batches;
  guint64     n_requests;

  /* Faults, each for the next N calls. */
  char       *fault_code;
  guint       fault_count;
  gboolean    fault_day_level;
  char       *fault_action;  /* NULL: any action */
  guint       drop_count;    /* sends accepted and then their connection dropped */
  guint       delay_ms;
};

static void
message_free (Message *m)
{
  g_free (m->phone);
  g_free (m->out_id);
  g_free (m->template_code);
  g_free (m->template_param);
  g_free (m->sign_name);
  g_free (m->biz_id);
  g_free (m->content);
  g_free (m);
}

SdSimAliyun *
sd_sim_aliyun_new (const char *access_key_id,
                   const char *access_key_secret,
                   guint       delivery_delay_ms)
{
  SdSimAliyun *self = g_new0 (SdSimAliyun, 1);

  self->key_id = g_strdup (access_key_id);
  self->key_secret = g_strdup (access_key_secret);
  self->delivery_delay_ms = delivery_delay_ms;
  self->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) message_free);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->failing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->nonces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->templates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

void
sd_sim_aliyun_free (SdSimAliyun *self)
{
  if (self == NULL)
    return;
  g_free (self->key_id);
  g_free (self->key_secret);
  g_ptr_array_unref (self->messages);
  g_hash_table_unref (self->counts);
  g_hash_table_unref (self->failing);
  g_hash_table_unref (self->nonces);
  g_hash_table_unref (self->calls);
  g_hash_table_unref (self->templates);
  g_free (self->fault_code);
  g_free (self->fault_action);
  g_free (self);
}

/* ---- signature --------------------------------------------------------------------- */

/* GLib escapes everything but the RFC 3986 unreserved characters, in uppercase hex: exactly
 * Aliyun's percentEncode. */
static char *
pe (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
string_to_sign (const char *method,
                GHashTable *params)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *encoded = NULL;
  GHashTableIter iter;
  gpointer name, value;

  /* "k=v" with k encoded: '=' (0x3D) sorts below every character pe() leaves, so sorting
   * the pairs sorts by name. */
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      g_autofree char *k = NULL, *v = NULL;

      if (strcmp (name, "Signature") == 0)
        continue;
      k = pe (name);
      v = pe (value);
      g_ptr_array_add (pairs, g_strdup_printf ("%s=%s", k, v));
    }
  g_ptr_array_sort (pairs, compare_pairs);
  for (guint i = 0; i < pairs->len; i++)
    {
      if (i > 0)
        g_string_append_c (query, '&');
      g_string_append (query, g_ptr_array_index (pairs, i));
    }
  encoded = pe (query->str);
  return g_strdup_printf ("%s&%%2F&%s", method, encoded);
}

char *
sd_sim_aliyun_sign (const char *method,
                    GHashTable *params,
                    const char *secret)
{
  g_autofree char *to_sign = string_to_sign (method, params);
  g_autofree char *key = g_strdup_printf ("%s&", secret);
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) key, strlen (key));
  guint8 digest[20];
  gsize len = sizeof digest;

  g_hmac_update (hmac, (const guchar *) to_sign, -1);
  g_hmac_get_digest (hmac, digest, &len);
  return g_base64_encode (digest, len);
}

/* ---- answers ----------------------------------------------------------------------- */

static char *
new_request_id (SdSimAliyun *self)
{
  guint64 n = ++self->n_requests * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  return g_strdup_printf ("%08X-%04X-%04X-%04X-%012" G_GINT64_MODIFIER "X",
                          (guint) (n >> 32), (guint) (n >> 16) & 0xffff, (guint) n & 0xffff,
                          (guint) (self->n_requests & 0xffff), n >> 16);
}

static SdSimAnswer *
code_answer (SdSimAliyun *self,
             guint        status,
             const char  *code,
             const char  *message)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (status);
  g_autofree char *request_id = new_request_id (self);

  g_string_append (answer->body, "{\"RequestId\":");
  sd_sim_append_string (answer->body, request_id);
  g_string_append (answer->body, ",\"Message\":");
  sd_sim_append_string (answer->body, message);
  g_string_append (answer->body, ",\"Code\":");
  sd_sim_append_string (answer->body, code);
  g_string_append (answer->body, "}");
  return answer;
}

static SdSimAnswer *
missing (SdSimAliyun *self,
         const char  *name)
{
  g_autofree char *message = g_strdup_printf (
    "The input parameter \"%s\" that is mandatory for processing this request is not supplied.", name);

  return code_answer (self, SOUP_STATUS_BAD_REQUEST, "MissingParameter", message);
}

/* What Aliyun says for CODE, and with which HTTP status. */
static SdSimAnswer *
fault_answer (SdSimAliyun *self,
              const char  *code,
              gboolean     day_level)
{
  static const struct { const char *code; guint status; const char *message; } known[] = {
    { "isv.MOBILE_NUMBER_ILLEGAL", 200, "非法手机号" },
    { "isv.MOBILE_COUNT_OVER_LIMIT", 200, "手机号码数量超过限制" },
    { "isv.TEMPLATE_MISSING_PARAMETERS", 200, "模板缺少变量" },
    { "isv.AMOUNT_NOT_ENOUGH", 200, "账户余额不足" },
    { "isv.DAY_LIMIT_CONTROL", 200, "触发日发送限额" },
    { "isv.MONTH_LIMIT_CONTROL", 200, "触发月发送限额" },
    { "isv.OUT_OF_SERVICE", 200, "业务停机" },
    { "isp.SYSTEM_ERROR", 500, "系统错误" },
    { "SignatureDoesNotMatch", 400, "Specified signature is not matched with our calculation." },
    { "InvalidAccessKeyId.NotFound", 404, "Specified access key is not found." },
  };

  if (strcmp (code, "isv.BUSINESS_LIMIT_CONTROL") == 0)
    return code_answer (self, 200, code, day_level ? "触发天级流控Permits:10" : "触发分钟级流控Permits:1");
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (strcmp (code, known[i].code) == 0)
      return code_answer (self, known[i].status, code, known[i].message);
  return code_answer (self, 200, code, "simulated fault");
}

/* ---- approved templates ------------------------------------------------------------ */

/* Walks the ${var} of TEXT: calls FUNC with each name (not NUL-terminated: NAME, LEN) and
 * appends the text around them to OUT (may be NULL). FALSE at a "${" never closed or an
 * empty name. */
typedef void (*VariableFunc) (const char *name, gsize len, GString *out, gpointer data);

static gboolean
walk_variables (const char   *text,
                VariableFunc  func,
                GString      *out,
                gpointer      data)
{
  const char *p = text;
  const char *open;

  while ((open = strstr (p, "${")) != NULL)
    {
      const char *close = strchr (open + 2, '}');

      if (close == NULL || close == open + 2)
        return FALSE;
      if (out != NULL)
        g_string_append_len (out, p, open - p);
      func (open + 2, close - open - 2, out, data);
      p = close + 1;
    }
  if (out != NULL)
    g_string_append (out, p);
  return TRUE;
}

static void
nothing_cb (const char *name,
            gsize       len,
            GString    *out,
            gpointer    data)
{
}

/* What is wrong with a template of CODE and TEXT, for a person; NULL: nothing. */
static const char *
template_problem (const char *code,
                  const char *text)
{
  if (code == NULL || *code == '\0' || text == NULL || *text == '\0')
    return "a template needs a code and a text";
  if (!walk_variables (text, nothing_cb, NULL, NULL))
    return "a template's variables are ${name}, each closed and named";
  return NULL;
}

gboolean
sd_sim_aliyun_add_template (SdSimAliyun  *self,
                            const char   *code,
                            const char   *text,
                            const char  **out_problem)
{
  if ((*out_problem = template_problem (code, text)) != NULL)
    return FALSE;
  g_hash_table_replace (self->templates, g_strdup (code), g_strdup (text));
  return TRUE;
}

typedef struct
{
  JsonObject *values;     /* NULL: no TemplateParam */
  char       *missing;    /* the first variable without a value */
} Filling;

static void
fill_cb (const char *name,
         gsize       len,
         GString    *out,
         gpointer    data)
{
  Filling *filling = data;
  g_autofree char *key = g_strndup (name, len);
  JsonNode *value = filling->values != NULL ? json_object_get_member (filling->values, key) : NULL;

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    {
      if (filling->missing == NULL)
        filling->missing = g_steal_pointer (&key);
      return;
    }
  if (json_node_get_value_type (value) == G_TYPE_STRING)
    g_string_append (out, json_node_get_string (value));
  else
    {
      g_autofree char *text = json_to_string (value, FALSE);
      g_string_append (out, text);
    }
}

/* The message a phone shows for CODE with PARAM (JSON object text, NULL: none): the
 * signature, then the approved text with its values; NULL with *OUT_MISSING (the
 * variable's name) when PARAM lacks one. Without a registry the simulator does not know
 * the text: the code and the values, as they came. */
static char *
render_content (SdSimAliyun  *self,
                const char   *sign_name,
                const char   *code,
                const char   *param,
                char        **out_missing)
{
  const char *text = g_hash_table_lookup (self->templates, code);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) out = NULL;
  Filling filling = { NULL, NULL };

  if (text == NULL)
    return g_strdup_printf ("【%s】%s %s", sign_name, code, param != NULL ? param : "");
  if (param != NULL && json_parser_load_from_data (parser, param, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    filling.values = json_node_get_object (json_parser_get_root (parser));
  out = g_string_new (NULL);
  g_string_append_printf (out, "【%s】", sign_name);
  walk_variables (text, fill_cb, out, &filling);
  if (filling.missing != NULL)
    {
      *out_missing = filling.missing;
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The answer Aliyun gives a TemplateParam that lacks one of the template's variables. */
static SdSimAnswer *
missing_parameter (SdSimAliyun *self,
                   const char  *name)
{
  g_autofree char *message = g_strdup_printf ("模板变量缺少对应参数值: %s", name);

  return code_answer (self, 200, "isv.TEMPLATE_MISSING_PARAMETERS", message);
}

/* ---- the common checks ------------------------------------------------------------- */

static gboolean
timestamp_ok (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  /* Exactly yyyy-MM-ddTHH:mm:ssZ. */
  if (strlen (text) != 20 || text[10] != 'T' || text[19] != 'Z')
    return FALSE;
  time = g_date_time_new_from_iso8601 (text, NULL);
  return time != NULL;
}

static SdSimAnswer *
check_common (SdSimAliyun        *self,
              const SdSimRequest *request)
{
  static const char * const required[] = {
    "AccessKeyId", "Format", "SignatureMethod", "SignatureNonce", "SignatureVersion",
    "Timestamp", "Version", "Signature",
  };
  GHashTable *p = request->params;
  g_autoptr(GDateTime) stamp = NULL;
  g_autofree char *expected = NULL;
  const char *format;

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (g_hash_table_lookup (p, required[i]) == NULL)
      return missing (self, required[i]);
  if (strcmp (g_hash_table_lookup (p, "Version"), ALIYUN_VERSION) != 0)
    return code_answer (self, 400, "InvalidVersion", "Specified parameter Version is not valid.");
  format = g_hash_table_lookup (p, "Format");
  if (g_ascii_strcasecmp (format, "JSON") != 0)
    return code_answer (self, 400, "InvalidParameter",
                        "Format: the simulator answers JSON only.");
  if (strcmp (g_hash_table_lookup (p, "SignatureMethod"), "HMAC-SHA1") != 0)
    return code_answer (self, 400, "InvalidSignatureMethod",
                        "Specified signature method is not supported.");
  if (strcmp (g_hash_table_lookup (p, "SignatureVersion"), "1.0") != 0)
    return code_answer (self, 400, "InvalidSignatureVersion",
                        "Specified signature version is not supported.");
  if (!timestamp_ok (g_hash_table_lookup (p, "Timestamp")))
    return code_answer (self, 400, "InvalidTimeStamp.Format",
                        "Specified time stamp or date value is not well formatted.");
  stamp = g_date_time_new_from_iso8601 (g_hash_table_lookup (p, "Timestamp"), NULL);
  if (ABS (g_date_time_to_unix (stamp) - request->real_now) > MAX_SKEW_S)
    return code_answer (self, 400, "InvalidTimeStamp.Expired",
                        "Specified time stamp or date value is expired.");
  if (strcmp (g_hash_table_lookup (p, "AccessKeyId"), self->key_id) != 0)
    return code_answer (self, 404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
  if (g_hash_table_contains (self->nonces, g_hash_table_lookup (p, "SignatureNonce")))
    return code_answer (self, 400, "SignatureNonceUsed", "Specified signature nonce was used already.");
  expected = sd_sim_aliyun_sign (request->method, p, self->key_secret);
  if (strcmp (expected, g_hash_table_lookup (p, "Signature")) != 0)
    {
      /* As Aliyun does: the string to sign echoed, numbers and parameters in it. */
      g_autofree char *to_sign = string_to_sign (request->method, p);
      g_autofree char *message = g_strdup_printf (
        "Specified signature is not matched with our calculation. server string to sign is:%s", to_sign);

      return code_answer (self, 400, "SignatureDoesNotMatch", message);
    }
  g_hash_table_add (self->nonces, g_strdup (g_hash_table_lookup (p, "SignatureNonce")));
  return NULL;
}

/* ---- sending ----------------------------------------------------------------------- */

static gboolean
is_mobile (const char *phone)
{
  if (strlen (phone) != 11 || phone[0] != '1')
    return FALSE;
  for (const char *c = phone; *c; c++)
    if (!g_ascii_isdigit (*c))
      return FALSE;
  return TRUE;
}

static gboolean
is_json_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  return json_parser_load_from_data (parser, text, -1, NULL)
         && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser));
}

/* TEXT as a JSON array of strings (objects written back as text when OBJECTS); NULL when it
 * is not one. */
static GPtrArray *
json_list (const char *text,
           gboolean    objects)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL)
      || !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return NULL;
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (objects && JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (list, json_to_string (node, FALSE));
      else if (!objects && JSON_NODE_HOLDS_VALUE (node)
               && json_node_get_value_type (node) == G_TYPE_STRING)
        g_ptr_array_add (list, g_strdup (json_node_get_string (node)));
      else
        return NULL;
    }
  return g_steal_pointer (&list);
}

static void
record (SdSimAliyun *self,
        const char  *phone,
        const char  *sign_name,
        const char  *template_code,
        const char  *template_param,
        const char  *out_id,
        const char  *biz_id,
        const char  *content)
{
  Message *m = g_new0 (Message, 1);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, phone));

  m->phone = g_strdup (phone);
  m->sign_name = g_strdup (sign_name);
  m->template_code = g_strdup (template_code);
  m->template_param = g_strdup (template_param != NULL ? template_param : "");
  m->out_id = g_strdup (out_id != NULL ? out_id : "");
  m->biz_id = g_strdup (biz_id);
  m->content = g_strdup (content);
  m->time_ms = g_get_real_time () / 1000;
  m->time = m->time_ms / 1000;
  g_ptr_array_add (self->messages, m);
  g_hash_table_insert (self->counts, g_strdup (phone), GUINT_TO_POINTER (n + 1));
}

static SdSimAnswer *
accepted (SdSimAliyun *self,
          const char  *biz_id)
{
  SdSimAnswer *answer = code_answer (self, 200, "OK", "OK");

  /* {"RequestId":…,"Message":"OK","Code":"OK"} → …,"BizId":…} */
  g_string_truncate (answer->body, answer->body->len - 1);
  g_string_append (answer->body, ",\"BizId\":");
  sd_sim_append_string (answer->body, biz_id);
  g_string_append_c (answer->body, '}');
  return answer;
}

static char *
new_biz_id (SdSimAliyun *self)
{
  return g_strdup_printf ("9006197469%08" G_GUINT64_FORMAT "^0", ++self->n_batches);
}

/* The checks a send shares: the template code, the out id. */
static SdSimAnswer *
check_send (SdSimAliyun        *self,
            const SdSimRequest *request)
{
  const char *out_id = sd_sim_request_param (request, "OutId");

  if (sd_sim_request_param (request, "TemplateCode") == NULL)
    return missing (self, "TemplateCode");
  /* Aliyun sends approved templates only; with none registered, any code passes. */
  if (g_hash_table_size (self->templates) > 0
      && !g_hash_table_contains (self->templates, sd_sim_request_param (request, "TemplateCode")))
    return code_answer (self, 200, "isv.SMS_TEMPLATE_ILLEGAL", "模板不合法(不存在或未通过审核)");
  if (out_id != NULL && g_utf8_strlen (out_id, -1) >= 256)
    return code_answer (self, 200, "isv.INVALID_PARAMETERS", "OutId is too long");
  return NULL;
}

static SdSimAnswer *
send_sms (SdSimAliyun        *self,
          const SdSimRequest *request)
{
  const char *numbers = sd_sim_request_param (request, "PhoneNumbers");
  const char *sign_name = sd_sim_request_param (request, "SignName");
  const char *param = sd_sim_request_param (request, "TemplateParam");
  const char *code = sd_sim_request_param (request, "TemplateCode");
  g_auto(GStrv) phones = NULL;
  g_autofree char *biz_id = NULL;
  g_autofree char *content = NULL;
  g_autofree char *missing_name = NULL;
  SdSimAnswer *problem;

  if (numbers == NULL)
    return missing (self, "PhoneNumbers");
  if (sign_name == NULL)
    return missing (self, "SignName");
  if ((problem = check_send (self, request)) != NULL)
    return problem;
  if (param != NULL && !is_json_object (param))
    return code_answer (self, 200, "isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值");
  phones = g_strsplit (numbers, ",", -1);
  if (g_strv_length (phones) > SEND_SMS_MAX)
    return fault_answer (self, "isv.MOBILE_COUNT_OVER_LIMIT", FALSE);
  for (guint i = 0; phones[i] != NULL; i++)
    if (!is_mobile (phones[i]))
      return fault_answer (self, "isv.MOBILE_NUMBER_ILLEGAL", FALSE);
  if ((content = render_content (self, sign_name, code, param, &missing_name)) == NULL)
    return missing_parameter (self, missing_name);
  biz_id = new_biz_id (self);
  for (guint i = 0; phones[i] != NULL; i++)
    record (self, phones[i], sign_name, code, param, sd_sim_request_param (request, "OutId"), biz_id, content);
  return accepted (self, biz_id);
}

static SdSimAnswer *
send_batch_sms (SdSimAliyun        *self,
                const SdSimRequest *request)
{
  const char *param_json = sd_sim_request_param (request, "TemplateParamJson");
  const char *code = sd_sim_request_param (request, "TemplateCode");
  g_autoptr(GPtrArray) phones = NULL;
  g_autoptr(GPtrArray) signs = NULL;
  g_autoptr(GPtrArray) params = NULL;
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *biz_id = NULL;
  SdSimAnswer *problem;

  if (sd_sim_request_param (request, "PhoneNumberJson") == NULL)
    return missing (self, "PhoneNumberJson");
  if (sd_sim_request_param (request, "SignNameJson") == NULL)
    return missing (self, "SignNameJson");
  if ((problem = check_send (self, request)) != NULL)
    return problem;
  phones = json_list (sd_sim_request_param (request, "PhoneNumberJson"), FALSE);
  signs = json_list (sd_sim_request_param (request, "SignNameJson"), FALSE);
  params = param_json != NULL ? json_list (param_json, TRUE) : NULL;
  if (phones == NULL || signs == NULL || (param_json != NULL && params == NULL))
    return code_answer (self, 200, "isv.INVALID_JSON_PARAM", "JSON参数不合法");
  if (phones->len > SEND_BATCH_MAX)
    return fault_answer (self, "isv.MOBILE_COUNT_OVER_LIMIT", FALSE);
  if (phones->len == 0 || signs->len != phones->len || (params != NULL && params->len != phones->len))
    return code_answer (self, 200, "isv.INVALID_PARAMETERS", "参数异常：号码、签名、变量数目不一致");
  for (guint i = 0; i < phones->len; i++)
    if (!is_mobile (g_ptr_array_index (phones, i)))
      return fault_answer (self, "isv.MOBILE_NUMBER_ILLEGAL", FALSE);
  /* One recipient's values short of the template refuse the whole batch. */
  for (guint i = 0; i < phones->len; i++)
    {
      g_autofree char *missing_name = NULL;
      char *content = render_content (self, g_ptr_array_index (signs, i), code,
                                      params != NULL ? g_ptr_array_index (params, i) : NULL, &missing_name);

      if (content == NULL)
        return missing_parameter (self, missing_name);
      g_ptr_array_add (contents, content);
    }
  biz_id = new_biz_id (self);
  for (guint i = 0; i < phones->len; i++)
    record (self, g_ptr_array_index (phones, i), g_ptr_array_index (signs, i), code,
            params != NULL ? g_ptr_array_index (params, i) : NULL,
            sd_sim_request_param (request, "OutId"), biz_id, g_ptr_array_index (contents, i));
  return accepted (self, biz_id);
}

/* ---- delivery reports -------------------------------------------------------------- */

/* ,"NAME":"VALUE" */
static void
append_field (GString    *out,
              const char *name,
              const char *value)
{
  g_string_append_printf (out, ",\"%s\":", name);
  sd_sim_append_string (out, value);
}

static void
append_china_time (GString *out,
                   gint64   unix_time)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (unix_time + CHINA_OFFSET_S);
  g_autofree char *text = g_date_time_format (t, "%Y-%m-%d %H:%M:%S");

  sd_sim_append_string (out, text);
}

static char *
china_day (gint64 unix_time)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (unix_time + CHINA_OFFSET_S);

  return g_date_time_format (t, "%Y%m%d");
}

static void
append_detail (SdSimAliyun   *self,
               GString       *b,
               const Message *m,
               gint64         now_ms)
{
  const char *failing = g_hash_table_lookup (self->failing, m->phone);
  gboolean done = now_ms - m->time_ms >= self->delivery_delay_ms;
  int status = !done ? 1 : failing != NULL ? 2 : 3;

  g_string_append (b, "{\"PhoneNum\":");
  sd_sim_append_string (b, m->phone);
  g_string_append_printf (b, ",\"SendStatus\":%d,\"ErrCode\":", status);
  sd_sim_append_string (b, status == 1 ? "" : status == 2 ? failing : "DELIVERED");
  append_field (b, "TemplateCode", m->template_code);
  append_field (b, "Content", m->content);
  g_string_append (b, ",\"SendDate\":");
  append_china_time (b, m->time);
  if (done)
    {
      g_string_append (b, ",\"ReceiveDate\":");
      append_china_time (b, m->time + MAX (1, self->delivery_delay_ms / 1000));
    }
  append_field (b, "OutId", m->out_id);
  g_string_append_c (b, '}');
}

static SdSimAnswer *
query_send_details (SdSimAliyun        *self,
                    const SdSimRequest *request)
{
  const char *phone = sd_sim_request_param (request, "PhoneNumber");
  const char *date = sd_sim_request_param (request, "SendDate");
  const char *biz_id = sd_sim_request_param (request, "BizId");
  guint64 page_size = 0, page = 0;
  g_autoptr(GPtrArray) found = g_ptr_array_new ();
  g_autofree char *request_id = new_request_id (self);
  gint64 now_ms = g_get_real_time () / 1000;
  SdSimAnswer *answer;
  GString *b;

  if (phone == NULL)
    return missing (self, "PhoneNumber");
  if (date == NULL)
    return missing (self, "SendDate");
  if (sd_sim_request_param (request, "PageSize") == NULL)
    return missing (self, "PageSize");
  if (sd_sim_request_param (request, "CurrentPage") == NULL)
    return missing (self, "CurrentPage");
  if (!is_mobile (phone))
    return fault_answer (self, "isv.MOBILE_NUMBER_ILLEGAL", FALSE);
  if (strlen (date) != 8 || !sd_sim_parse_uint (date, 99991231, &page))
    return code_answer (self, 200, "isv.INVALID_PARAMETERS", "SendDate must be yyyyMMdd");
  if (!sd_sim_parse_uint (sd_sim_request_param (request, "PageSize"), QUERY_PAGE_MAX, &page_size)
      || page_size < 1
      || !sd_sim_parse_uint (sd_sim_request_param (request, "CurrentPage"), G_MAXUINT32, &page)
      || page < 1)
    return code_answer (self, 200, "isv.INVALID_PARAMETERS",
                        "PageSize must be 1 to 50, CurrentPage from 1");

  for (guint i = 0; i < self->messages->len; i++)
    {
      Message *m = g_ptr_array_index (self->messages, i);
      g_autofree char *day = NULL;

      if (strcmp (m->phone, phone) != 0 || (biz_id != NULL && strcmp (m->biz_id, biz_id) != 0))
        continue;
      day = china_day (m->time);
      if (strcmp (day, date) == 0)
        g_ptr_array_add (found, m);
    }

  answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  b = answer->body;
  g_string_append (b, "{\"TotalCount\":");
  sd_sim_append_int (b, found->len);
  g_string_append (b, ",\"Message\":\"OK\",\"RequestId\":");
  sd_sim_append_string (b, request_id);
  g_string_append (b, ",\"SmsSendDetailDTOs\":{\"SmsSendDetailDTO\":[");
  for (guint64 i = (page - 1) * page_size; i < found->len && i < page * page_size; i++)
    {
      if (i > (page - 1) * page_size)
        g_string_append_c (b, ',');
      append_detail (self, b, g_ptr_array_index (found, i), now_ms);
    }
  g_string_append (b, "]},\"Code\":\"OK\"}");
  return answer;
}

/* ---- dispatch ---------------------------------------------------------------------- */

gboolean
sd_sim_aliyun_handles (const SdSimRequest *request)
{
  return strcmp (request->path, "/") == 0 && sd_sim_request_param (request, "Action") != NULL;
}

static gboolean
is_send (const char *action)
{
  return strcmp (action, "SendSms") == 0 || strcmp (action, "SendBatchSms") == 0;
}

/* The injected code for this call, if one is due. */
static SdSimAnswer *
injected (SdSimAliyun *self,
          const char  *action)
{
  if (self->fault_count == 0
      || (self->fault_action != NULL && strcmp (self->fault_action, action) != 0))
    return NULL;
  self->fault_count--;
  return fault_answer (self, self->fault_code, self->fault_day_level);
}

SdSimAnswer *
sd_sim_aliyun_answer (SdSimAliyun        *self,
                      const SdSimRequest *request,
                      gboolean           *out_drop,
                      guint              *out_delay_ms)
{
  const char *action = sd_sim_request_param (request, "Action");
  SdSimAnswer *answer;
  guint n;

  *out_drop = FALSE;
  *out_delay_ms = self->delay_ms;
  if (strcmp (action, "SendSms") != 0 && strcmp (action, "SendBatchSms") != 0
      && strcmp (action, "QuerySendDetails") != 0)
    return code_answer (self, 404, "InvalidAction.NotFound",
                        "Specified api is not found, please check your url and method.");
  if ((answer = check_common (self, request)) != NULL)
    return answer;
  n = GPOINTER_TO_UINT (g_hash_table_lookup (self->calls, action));
  g_hash_table_insert (self->calls, g_strdup (action), GUINT_TO_POINTER (n + 1));
  if ((answer = injected (self, action)) != NULL)
    return answer;

  if (strcmp (action, "SendSms") == 0)
    answer = send_sms (self, request);
  else if (strcmp (action, "SendBatchSms") == 0)
    answer = send_batch_sms (self, request);
  else
    answer = query_send_details (self, request);

  if (is_send (action) && answer->status == SOUP_STATUS_OK && self->drop_count > 0
      && strstr (answer->body->str, "\"Code\":\"OK\"") != NULL)
    {
      self->drop_count--;
      *out_drop = TRUE;
    }
  return answer;
}

/* ---- admin ------------------------------------------------------------------------- */

static SdSimAnswer *
admin_messages (SdSimAliyun *self)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  GString *b = answer->body;

  g_string_append (b, "{\"count\":");
  sd_sim_append_int (b, self->messages->len);
  g_string_append (b, ",\"messages\":[");
  for (guint i = 0; i < self->messages->len; i++)
    {
      Message *m = g_ptr_array_index (self->messages, i);

      g_string_append (b, i > 0 ? ",\n{\"phone\":" : "\n{\"phone\":");
      sd_sim_append_string (b, m->phone);
      append_field (b, "out_id", m->out_id);
      append_field (b, "template_code", m->template_code);
      append_field (b, "template_param", m->template_param);
      append_field (b, "sign_name", m->sign_name);
      append_field (b, "biz_id", m->biz_id);
      append_field (b, "content", m->content);
      g_string_append (b, ",\"time\":");
      sd_sim_append_int (b, m->time);
      g_string_append_c (b, '}');
    }
  g_string_append (b, "]}\n");
  return answer;
}

static void
append_counts (GString    *b,
               GHashTable *table)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (table), (GCompareFunc) strcmp);
  gboolean first = TRUE;

  g_string_append_c (b, '{');
  for (GList *l = keys; l != NULL; l = l->next)
    {
      if (!first)
        g_string_append_c (b, ',');
      first = FALSE;
      sd_sim_append_string (b, l->data);
      g_string_append_c (b, ':');
      sd_sim_append_int (b, GPOINTER_TO_UINT (g_hash_table_lookup (table, l->data)));
    }
  g_string_append_c (b, '}');
}

static SdSimAnswer *
admin_counts (SdSimAliyun *self)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (SOUP_STATUS_OK);

  g_string_append (answer->body, "{\"phones\":");
  sd_sim_append_int (answer->body, g_hash_table_size (self->counts));
  g_string_append (answer->body, ",\"messages\":");
  sd_sim_append_int (answer->body, self->messages->len);
  g_string_append (answer->body, ",\"counts\":");
  append_counts (answer->body, self->counts);
  g_string_append (answer->body, "}\n");
  return answer;
}

static SdSimAnswer *
admin_state (SdSimAliyun *self)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  GString *b = answer->body;

  g_string_append (b, "{\"access_key_id\":");
  sd_sim_append_string (b, self->key_id);
  g_string_append (b, ",\"messages\":");
  sd_sim_append_int (b, self->messages->len);
  g_string_append (b, ",\"batches\":");
  sd_sim_append_int (b, (gint64) self->n_batches);
  g_string_append (b, ",\"calls\":");
  append_counts (b, self->calls);
  g_string_append (b, ",\"fault_code\":");
  sd_sim_append_string (b, self->fault_code != NULL ? self->fault_code : "");
  g_string_append (b, ",\"fault_count\":");
  sd_sim_append_int (b, self->fault_count);
  g_string_append (b, ",\"drop_count\":");
  sd_sim_append_int (b, self->drop_count);
  g_string_append (b, ",\"delay_ms\":");
  sd_sim_append_int (b, self->delay_ms);
  g_string_append (b, ",\"delivery_delay_ms\":");
  sd_sim_append_int (b, self->delivery_delay_ms);
  g_string_append (b, ",\"templates\":");
  sd_sim_append_int (b, g_hash_table_size (self->templates));
  g_string_append (b, "}\n");
  return answer;
}

static void
replace_string (char       **field,
                const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static gboolean
param_uint (const SdSimRequest *request,
            const char         *name,
            guint64             max,
            guint              *out)
{
  const char *text = sd_sim_request_param (request, name);
  guint64 value;

  if (text == NULL)
    return TRUE;
  if (!sd_sim_parse_uint (text, max, &value))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* code=X[&count=N][&level=day][&action=A] | throttle=N | drop=N | delay_ms=N | clear=1 */
static SdSimAnswer *
admin_faults (SdSimAliyun        *self,
              const SdSimRequest *request)
{
  const char *code = sd_sim_request_param (request, "code");
  const char *action = sd_sim_request_param (request, "action");
  const char *level = sd_sim_request_param (request, "level");
  guint count = 1, throttle = 0;

  if (sd_sim_request_param (request, "clear") != NULL)
    {
      g_clear_pointer (&self->fault_code, g_free);
      g_clear_pointer (&self->fault_action, g_free);
      self->fault_count = self->drop_count = self->delay_ms = 0;
    }
  if (!param_uint (request, "count", 1000000, &count)
      || !param_uint (request, "throttle", 1000000, &throttle)
      || !param_uint (request, "drop", 1000000, &self->drop_count)
      || !param_uint (request, "delay_ms", 600000, &self->delay_ms))
    return sd_sim_admin_error (SOUP_STATUS_BAD_REQUEST,
                               "count, throttle, drop and delay_ms are whole numbers");
  if (level != NULL && strcmp (level, "day") != 0 && strcmp (level, "minute") != 0)
    return sd_sim_admin_error (SOUP_STATUS_BAD_REQUEST, "level is minute or day");
  if (throttle > 0)
    {
      code = "isv.BUSINESS_LIMIT_CONTROL";
      count = throttle;
    }
  if (code != NULL)
    {
      replace_string (&self->fault_code, code);
      replace_string (&self->fault_action, action);
      self->fault_count = count;
      self->fault_day_level = level != NULL && strcmp (level, "day") == 0;
    }
  return admin_state (self);
}

static SdSimAnswer *
admin_keys (SdSimAliyun        *self,
            const SdSimRequest *request)
{
  const char *id = sd_sim_request_param (request, "id");
  const char *secret = sd_sim_request_param (request, "secret");

  /* An empty value is taken as not given: the keys are never empty. */
  if (id != NULL)
    replace_string (&self->key_id, id);
  if (secret != NULL)
    replace_string (&self->key_secret, secret);
  return admin_state (self);
}

/* phone=P&fail=CODE marks P to fail delivery with CODE; fail= (empty) delivers again. */
static SdSimAnswer *
admin_numbers (SdSimAliyun        *self,
               const SdSimRequest *request)
{
  const char *phone = sd_sim_request_param (request, "phone");
  const char *fail = sd_sim_request_param (request, "fail");

  if (phone == NULL || !is_mobile (phone))
    return sd_sim_admin_error (SOUP_STATUS_BAD_REQUEST, "phone must be 11 digits starting with 1");
  if (fail != NULL && *fail != '\0')
    g_hash_table_insert (self->failing, g_strdup (phone), g_strdup (fail));
  else
    g_hash_table_remove (self->failing, phone);
  return admin_state (self);
}

static SdSimAnswer *
admin_delivery (SdSimAliyun        *self,
                const SdSimRequest *request)
{
  if (!param_uint (request, "delay_ms", 24 * 3600 * 1000, &self->delivery_delay_ms))
    return sd_sim_admin_error (SOUP_STATUS_BAD_REQUEST, "delay_ms is a whole number of milliseconds");
  return admin_state (self);
}

/* {"templates":[{"code","text"}]}, sorted by code. */
static SdSimAnswer *
admin_template_list (SdSimAliyun *self)
{
  SdSimAnswer *answer = sd_sim_answer_new_json (SOUP_STATUS_OK);
  g_autoptr(GList) codes = g_list_sort (g_hash_table_get_keys (self->templates), (GCompareFunc) strcmp);
  GString *b = answer->body;

  g_string_append (b, "{\"templates\":[");
  for (GList *l = codes; l != NULL; l = l->next)
    {
      g_string_append (b, l != codes ? ",{\"code\":" : "{\"code\":");
      sd_sim_append_string (b, l->data);
      append_field (b, "text", g_hash_table_lookup (self->templates, l->data));
      g_string_append_c (b, '}');
    }
  g_string_append (b, "]}\n");
  return answer;
}

/* code=C&text=T registers (or replaces) an approved template; clear=1 first forgets them
 * all (an empty registry takes any code). */
static SdSimAnswer *
admin_templates (SdSimAliyun        *self,
                 const SdSimRequest *request)
{
  const char *code = sd_sim_request_param (request, "code");
  const char *text = sd_sim_request_param (request, "text");
  gboolean clear = sd_sim_request_param (request, "clear") != NULL;
  gboolean add = code != NULL || text != NULL;
  const char *problem = add ? template_problem (code, text) : clear ? NULL : "give code=C&text=T, or clear=1";

  /* A bad request changes nothing. */
  if (problem != NULL)
    return sd_sim_admin_error (SOUP_STATUS_BAD_REQUEST, problem);
  if (clear)
    g_hash_table_remove_all (self->templates);
  if (add)
    sd_sim_aliyun_add_template (self, code, text, &problem);
  return admin_template_list (self);
}

static SdSimAnswer *
admin_reset (SdSimAliyun        *self,
             const SdSimRequest *request)
{
  g_ptr_array_set_size (self->messages, 0);
  g_hash_table_remove_all (self->counts);
  g_hash_table_remove_all (self->failing);
  g_hash_table_remove_all (self->calls);
  g_clear_pointer (&self->fault_code, g_free);
  g_clear_pointer (&self->fault_action, g_free);
  self->fault_count = self->drop_count = self->delay_ms = 0;
  return admin_state (self);
}

/* The endpoints that change something: POST only. */
static const struct
{
  const char *name;
  SdSimAnswer *(*answer) (SdSimAliyun *self, const SdSimRequest *request);
} changes[] = {
  { "faults", admin_faults },
  { "keys", admin_keys },
  { "numbers", admin_numbers },
  { "delivery", admin_delivery },
  { "reset", admin_reset },
  { "templates", admin_templates },
};

SdSimAnswer *
sd_sim_aliyun_admin_answer (SdSimAliyun        *self,
                            const SdSimRequest *request)
{
  const char *name;
  gboolean post = strcmp (request->method, "POST") == 0;

  if (!g_str_has_prefix (request->path, ADMIN_PREFIX))
    return NULL;
  name = request->path + strlen (ADMIN_PREFIX);
  if (strcmp (name, "messages") == 0)
    return admin_messages (self);
  if (strcmp (name, "counts") == 0)
    return admin_counts (self);
  if (strcmp (name, "state") == 0)
    return admin_state (self);
  if (strcmp (name, "templates") == 0 && !post)
    return admin_template_list (self);
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    if (strcmp (name, changes[i].name) == 0)
      return post ? changes[i].answer (self, request)
                  : sd_sim_admin_error (SOUP_STATUS_METHOD_NOT_ALLOWED, "POST only here");
  return sd_sim_admin_error (SOUP_STATUS_NOT_FOUND,
                      "unknown endpoint: /_sim/aliyun/{messages,counts,state,faults,keys,"
                      "numbers,delivery,reset,templates}");
}
