/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-import-fields"

#include "sd-i18n.h"

#include "sd-import-fields.h"

typedef struct
{
  const char *name;          /* as --map and our own exports write it */
  const char *description;
  const char *headers[32];   /* what shops' files call it, Chinese and English */
} FieldInfo;

/* Within a field, earlier words are better: Taobao's report has both 总金额 (before
 * discounts) and 买家实际支付金额 (what the buyer paid), 联系电话 (a landline, often empty)
 * and 联系手机; the better column is read wherever it stands.
 *
 * Header words from Taobao's sold-orders report (订单报表), its customer exports
 * (客户运营平台 / 会员 lists), Qianniu and common hand-made sheets. Compared after folding
 * case and dropping spaces, '_' and '-'. */
static const FieldInfo fields[SD_N_FIELDS] = {
  [SD_FIELD_NONE] = { "", NULL, { NULL } },
  [SD_FIELD_IGNORE] = { "ignore", N_("ignored"),
    { "id", "updatedat", "totalspent", "totalspentcents", "ordercount", "averageorder", "firstorderat",
      "lastorderat", "refundcount", "phonestate", "累计消费", "累计消费金额", "交易次数", "消费金额", "交易金额",
      "购买次数", "消费次数", "最后交易时间", "最近交易时间", "最近购买时间", "客单价", "平均客单价", "会员等级",
      "会员级别", NULL } },
  [SD_FIELD_PLATFORM] = { "platform", N_("store platform"), { "platform", "平台", "渠道", "来源平台", NULL } },
  [SD_FIELD_NICK] = { "nick", N_("buyer nick"),
    { "nick", "buyernick", "买家会员名", "买家昵称", "会员名", "客户昵称", "昵称", "旺旺", "旺旺名", "旺旺号",
      "买家旺旺", "淘宝账号", "买家账号", "会员账号", "客户账号", "username", "用户名", NULL } },
  [SD_FIELD_NAME] = { "name", N_("name"),
    { "name", "fullname", "receivername", "收货人姓名", "收货人", "姓名", "客户姓名", "会员姓名", "真实姓名",
      "联系人", NULL } },
  [SD_FIELD_PHONE] = { "phone", N_("mobile number"),
    { "phone", "mobile", "receivermobile", "联系手机", "手机", "手机号", "手机号码", "收货人手机",
      "收货人手机号", "移动电话", "客户手机", "会员手机", "tel", "receiverphone", "联系电话", "电话", NULL } },
  [SD_FIELD_EMAIL] = { "email", N_("email"), { "email", "mail", "邮箱", "电子邮箱", "邮件", NULL } },
  [SD_FIELD_GENDER] = { "gender", N_("gender"), { "gender", "sex", "性别", NULL } },
  [SD_FIELD_BIRTHDAY] = { "birthday", N_("birthday"), { "birthday", "birthdate", "生日", "出生日期", NULL } },
  [SD_FIELD_PROVINCE] = { "province", N_("province"),
    { "province", "state", "receiverstate", "省份", "省", "所在省份", "收货省份", NULL } },
  [SD_FIELD_CITY] = { "city", N_("city"), { "city", "receivercity", "城市", "市", "所在城市", "收货城市", NULL } },
  [SD_FIELD_DISTRICT] = { "district", N_("district"),
    { "district", "receiverdistrict", "区县", "区", "县区", "所在区县", NULL } },
  [SD_FIELD_ADDRESS] = { "address", N_("street address"),
    { "address", "street", "详细地址", "街道地址", NULL } },
  [SD_FIELD_FULL_ADDRESS] = { "full_address", N_("full address"),
    { "fulladdress", "receiveraddress", "收货地址", "收货人地址", "地址", "联系地址", "收件地址", "所在地区",
      "所在地", "地区", "省市区", NULL } },
  [SD_FIELD_TAGS] = { "tags", N_("tags"), { "tags", "tag", "标签", "客户标签", "会员标签", NULL } },
  [SD_FIELD_NOTES] = { "notes", N_("notes"), { "notes", "note", "备注", "客户备注", "会员备注", NULL } },
  [SD_FIELD_SOURCE] = { "source", N_("source"), { "source", "来源", "客户来源", NULL } },
  [SD_FIELD_CREATED_AT] = { "created_at", N_("created (customer since / order placed)"),
    { "createdat", "created", "订单创建时间", "下单时间", "创建时间", "成交时间", "入会时间", "注册时间",
      "首次交易时间", NULL } },
  [SD_FIELD_SMS_OPT_OUT] = { "sms_opt_out_at", N_("SMS opt-out"),
    { "smsoptoutat", "smsoptout", "optout", "短信退订", "退订", "拒收短信", "退订时间", NULL } },
  [SD_FIELD_SMS_OPT_OUT_REASON] = { "sms_opt_out_reason", N_("SMS opt-out reason"),
    { "smsoptoutreason", "退订原因", NULL } },
  [SD_FIELD_ORDER_ID] = { "order_id", N_("order number"),
    { "orderid", "tid", "订单编号", "订单号", "主订单编号", "交易编号", "订单id", NULL } },
  [SD_FIELD_AMOUNT] = { "amount", N_("amount paid"),
    { "amount", "payment", "paid", "买家实际支付金额", "实付金额", "实际支付金额", "实收款", "支付金额",
      "付款金额", "订单金额", "总金额", NULL } },
  [SD_FIELD_STATUS] = { "status", N_("order status"), { "status", "orderstatus", "订单状态", "交易状态", NULL } },
  [SD_FIELD_PAID_AT] = { "paid_at", N_("payment time"),
    { "paidat", "paytime", "订单付款时间", "付款时间", "支付时间", NULL } },
  [SD_FIELD_MODIFIED_AT] = { "modified_at", N_("last change"),
    { "modifiedat", "modified", "修改时间", "更新时间", NULL } },
  [SD_FIELD_REFUND_STATE] = { "refund_state", N_("refund state"),
    { "refundstate", "refundstatus", "退款状态", "售后状态", NULL } },
  [SD_FIELD_REFUND_AMOUNT] = { "refund_amount", N_("refund amount"), { "refundamount", "退款金额", NULL } },
  [SD_FIELD_ITEM_TITLE] = { "item_title", N_("item title"),
    { "itemtitle", "title", "item", "宝贝标题", "商品标题", "商品名称", "宝贝名称", "商品", NULL } },
  [SD_FIELD_ITEM_QUANTITY] = { "item_quantity", N_("item quantity"),
    { "itemquantity", "quantity", "num", "宝贝总数量", "购买数量", "数量", "商品数量", "宝贝数量", NULL } },
  [SD_FIELD_ITEM_PRICE] = { "item_price", N_("item unit price"),
    { "itemprice", "price", "单价", "商品单价", "宝贝单价", "价格", NULL } },
};

const char *
sd_field_to_string (SdField field)
{
  g_return_val_if_fail (field < SD_N_FIELDS, "");
  return fields[field].name;
}

const char *
sd_field_describe (SdField field)
{
  g_return_val_if_fail (field < SD_N_FIELDS, "");
  return fields[field].description ? _(fields[field].description) : "";
}

gboolean
sd_field_from_string (const char *name,
                      SdField    *out_field)
{
  for (guint i = SD_FIELD_IGNORE; i < SD_N_FIELDS; i++)
    if (g_strcmp0 (name, fields[i].name) == 0)
      {
        *out_field = i;
        return TRUE;
      }
  return FALSE;
}

static const char *suffix_marks[] = { "（", "(", "：", ":" };

static char *
fold_header (const char *header)
{
  GString *folded = g_string_new (NULL);

  for (const char *p = header; *p; p++)
    {
      if (*p == ' ' || *p == '_' || *p == '-' || *p == '\t' || *p == '*')
        continue;
      g_string_append_c (folded, g_ascii_tolower (*p));
    }
  /* "订单编号：" and "订单编号(必填)" still name the order number. */
  for (guint i = 0; i < G_N_ELEMENTS (suffix_marks); i++)
    {
      const char *mark = strstr (folded->str, suffix_marks[i]);
      if (mark != NULL && mark != folded->str)
        g_string_truncate (folded, mark - folded->str);
    }
  return g_string_free (folded, FALSE);
}

SdField
sd_field_for_header_ranked (const char *header,
                            guint      *out_rank)
{
  g_autofree char *folded = fold_header (header ? header : "");

  for (guint i = SD_FIELD_IGNORE; i < SD_N_FIELDS; i++)
    for (guint h = 0; fields[i].headers[h] != NULL; h++)
      if (strcmp (folded, fields[i].headers[h]) == 0)
        {
          if (out_rank)
            *out_rank = h;
          return i;
        }
  return SD_FIELD_NONE;
}

SdField
sd_field_for_header (const char *header)
{
  return sd_field_for_header_ranked (header, NULL);
}

char *
sd_field_list_names (void)
{
  GString *names = g_string_new (NULL);

  for (guint i = SD_FIELD_IGNORE; i < SD_N_FIELDS; i++)
    g_string_append_printf (names, "%s%s", names->len ? ", " : "", fields[i].name);
  return g_string_free (names, FALSE);
}

#define FOR_CUSTOMERS (1u << SD_IMPORT_CUSTOMERS)
#define FOR_ORDERS (1u << SD_IMPORT_ORDERS)
#define FOR_BOTH (FOR_CUSTOMERS | FOR_ORDERS)

/* What each kind of import reads (read_customer_part and read_order_part in
 * sd-import.c), in the order a mapping list offers it: who the buyer is first, then the
 * order, then the rest. */
static const struct
{
  SdField     field;
  guint8      kinds;
  const char *label;
} mappable[] = {
  { SD_FIELD_NICK, FOR_BOTH, N_("Buyer nick") },
  { SD_FIELD_PHONE, FOR_BOTH, N_("Mobile number") },
  { SD_FIELD_NAME, FOR_BOTH, N_("Name") },
  { SD_FIELD_ORDER_ID, FOR_ORDERS, N_("Order number") },
  { SD_FIELD_AMOUNT, FOR_ORDERS, N_("Amount paid") },
  { SD_FIELD_CREATED_AT, FOR_ORDERS, N_("Order placed") },
  { SD_FIELD_PAID_AT, FOR_ORDERS, N_("Payment time") },
  { SD_FIELD_STATUS, FOR_ORDERS, N_("Order status") },
  { SD_FIELD_MODIFIED_AT, FOR_ORDERS, N_("Last change") },
  { SD_FIELD_REFUND_STATE, FOR_ORDERS, N_("Refund state") },
  { SD_FIELD_REFUND_AMOUNT, FOR_ORDERS, N_("Refund amount") },
  { SD_FIELD_ITEM_TITLE, FOR_ORDERS, N_("Item title") },
  { SD_FIELD_ITEM_QUANTITY, FOR_ORDERS, N_("Item quantity") },
  { SD_FIELD_ITEM_PRICE, FOR_ORDERS, N_("Item unit price") },
  { SD_FIELD_FULL_ADDRESS, FOR_BOTH, N_("Full address") },
  { SD_FIELD_PROVINCE, FOR_BOTH, N_("Province") },
  { SD_FIELD_CITY, FOR_BOTH, N_("City") },
  { SD_FIELD_DISTRICT, FOR_BOTH, N_("District") },
  { SD_FIELD_ADDRESS, FOR_BOTH, N_("Street address") },
  { SD_FIELD_EMAIL, FOR_BOTH, N_("Email") },
  { SD_FIELD_GENDER, FOR_BOTH, N_("Gender") },
  { SD_FIELD_BIRTHDAY, FOR_BOTH, N_("Birthday") },
  { SD_FIELD_TAGS, FOR_BOTH, N_("Tags") },
  { SD_FIELD_NOTES, FOR_CUSTOMERS, N_("Notes") },
  { SD_FIELD_SOURCE, FOR_CUSTOMERS, N_("Source") },
  { SD_FIELD_CREATED_AT, FOR_CUSTOMERS, N_("Customer since") },
  { SD_FIELD_SMS_OPT_OUT, FOR_CUSTOMERS, N_("SMS opt-out") },
  { SD_FIELD_SMS_OPT_OUT_REASON, FOR_CUSTOMERS, N_("SMS opt-out reason") },
  { SD_FIELD_PLATFORM, FOR_BOTH, N_("Store platform") },
};

gboolean
sd_field_is_read (SdField      field,
                  SdImportKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (mappable); i++)
    if (mappable[i].field == field && (mappable[i].kinds & (1u << kind)) != 0)
      return TRUE;
  return FALSE;
}

guint
sd_field_list_mappable (SdImportKind  kind,
                        SdField      *out_fields)
{
  guint n = 0;

  g_return_val_if_fail (out_fields != NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (mappable); i++)
    if ((mappable[i].kinds & (1u << kind)) != 0)
      out_fields[n++] = mappable[i].field;
  return n;
}

const char *
sd_field_get_label (SdField      field,
                    SdImportKind kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (mappable); i++)
    if (mappable[i].field == field && (mappable[i].kinds & (1u << kind)) != 0)
      return _(mappable[i].label);
  /* Not read by this kind: what the field is, all the same. */
  return sd_field_describe (field);
}
