// reportgen's editor page. Every text from the input or a message is set with textContent or value, never as
// markup; the pages' SVG comes escaped from the server and is parsed as SVG (scripts in it would not run).
"use strict";

const LABELS = {
  kind: "文稿类型", style: "样式", title: "标题", lang: "语言", meeting: "会议信息", date: "日期（年-月-日）",
  year: "总结的年度", organiser: "主办单位", name: "名称", purpose: "会议内容", attendees: "出席",
  people: "出席领导", role: "职务", groups: "出席人员", count: "人数", form: "形式", sections: "各部分",
  type: "类型", heading: "标题", overview: "概述", units: "单位", paragraphs: "段落", speaker: "讲话人",
  topic: "主题", intro: "开头的话", items: "条目", path: "图片文件", caption: "说明", columns: "表头",
  rows: "表格的行", content: "内容", fonts: "字体",
};
const TYPES = {
  lead: "导语", unit_reports: "单位汇报", requirements: "讲话要求", paragraphs: "段落", closing: "结尾",
  image: "照片", table: "表格", attachments: "附件",
};
const LONG = new Set(["paragraphs", "overview", "intro", "purpose"]);  // lists of long text
const OPTIONAL = {  // fields a section of each type may leave out, offered to add
  unit_reports: ["overview"], requirements: ["heading", "topic", "intro"], paragraphs: ["heading"],
  image: ["caption"], table: ["caption"],
};
const CONTENT = ["paragraphs", "table", "image"];  // what an attachment holds
const TOP_OPTIONAL = { title: "待填写", kind: "report", style: "official", lang: "zh-CN" };  // and their first value
const RAW = new Set(["date", "year", "count"]);                       // typed as written (numbers, dates)
const SUGGEST = {  // values offered in a list as the field is typed (a preset of the user's own may be typed too)
  kind: [["report", "会议报告"], ["minutes", "会议纪要"], ["formal", "正式报告（红头、署名、印章）"]],
  style: [["official", "公文样式（GB/T 9704）"], ["news", "新闻稿样式"]],
  lang: [["zh-CN", "简体"], ["zh-Hant-TW", "繁体（台湾）"], ["zh-Hant-HK", "繁体（香港）"], ["zh-Hant", "繁体"]],
};

const $ = (id) => document.getElementById(id);
const state = { ws: null, seq: 0, data: null, text: "", rev: 0, messages: [], types: [], applied: 0, timer: null,
                pending: false, sentAt: 0 };
window.__rg = { version: -1, painted: 0, seq: 0, sent: 0, pages: 0, errors: [] };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

function pathText(path) {  // the loader's format: sections[2].items[3].title
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : (out ? "." : "") + p;
  return out;
}

function send(op) {
  if (!state.ws || state.ws.readyState !== WebSocket.OPEN) return;
  state.seq += 1;
  op.seq = state.seq;
  state.sentAt = performance.now();
  window.__rg.sent = state.seq;
  state.ws.send(JSON.stringify(op));
}

function status(text) { $("status").textContent = text; }

// -- the form --------------------------------------------------------------------------------------------

function label(key) { return LABELS[key] || String(key); }

function blank(like, key) {
  // A new item shaped like `like`, the last one of its list: its texts to fill in, one paragraph in a list of
  // paragraphs, a table row as many empty cells as the row it follows.
  if (typeof like === "string") return key === "rows" ? "" : "待填写";
  if (typeof like === "number") return 0;
  if (like && typeof like === "object" && "content" in like && "title" in like) {  // an attachment: start plain
    return { title: "待填写", content: [{ type: "paragraphs", paragraphs: ["待填写"] }] };
  }
  if (Array.isArray(like)) {
    if (key === "rows") return like.map(() => "");
    return like.length ? [blank(like[0], key)] : [];
  }
  if (like && typeof like === "object") {
    const out = {};
    for (const [k, v] of Object.entries(like)) out[k] = k === "type" ? v : blank(v, k);
    return out;
  }
  return "";
}

function scalarInput(value, path, key) {
  const id = "f-" + pathText(path).replace(/[^\w-]/g, "_");
  const raw = RAW.has(key);
  const long = typeof value === "string" && (value.length > 40 || LONG.has(key));
  const input = long ? el("textarea", { id, rows: Math.min(8, Math.ceil(String(value).length / 40) + 1) })
                     : el("input", { id, type: "text" });
  input.value = value === null || value === undefined ? "" : String(value);
  input.dataset.path = pathText(path);
  input.addEventListener("input", () => {
    let v = input.value;
    if (typeof value === "number" && /^-?\d+$/.test(v.trim())) v = Number(v.trim());
    state.typedPath = path;
    send({ op: "set", path, value: v, raw });
  });
  if (key in SUGGEST && !long) {
    const list = el("datalist", { id: `${id}-list` });
    for (const [v, text] of SUGGEST[key]) list.append(el("option", { value: v, label: text }));
    input.setAttribute("list", list.id);
    return [el("div", { class: "suggest" }, input, list), id];
  }
  if (key === "date") {
    const picker = el("input", { type: "date", "aria-label": "从日历中选日期", tabindex: 0 });
    if (/^\d{4}-\d{2}-\d{2}$/.test(input.value)) picker.value = input.value;
    picker.addEventListener("change", () => {
      if (!picker.value) return;
      input.value = picker.value;
      send({ op: "set", path, value: picker.value, raw: true });
    });
    return [el("div", { class: "date" }, input, picker), id];
  }
  return [input, id];
}

function itemOps(listPath, index, length) {
  const ops = el("span", { class: "ops" });
  ops.append(
    el("button", { type: "button", text: "↑", title: "上移", "aria-label": "上移", disabled: index === 0,
                   onclick: () => send({ op: "move", path: listPath, from: index, to: index - 1 }) }),
    el("button", { type: "button", text: "↓", title: "下移", "aria-label": "下移", disabled: index === length - 1,
                   onclick: () => send({ op: "move", path: listPath, from: index, to: index + 1 }) }),
    el("button", { type: "button", text: "✕", title: "删除", "aria-label": "删除",
                   onclick: () => send({ op: "delete", path: [...listPath, index] }) }));
  return ops;
}

function addButton(text, onclick) {
  return el("div", { class: "add" }, el("button", { type: "button", text, onclick }));
}

function typePicker(types, label, onchoose) {
  // A type chooser and its button: what a new section (or an attachment's content) starts as.
  const pick = el("select", { "aria-label": `${label}的类型` });
  for (const t of types) pick.append(el("option", { value: t, text: TYPES[t] || t }));
  return el("div", { class: "add" }, pick, el("button", { type: "button", text: `添加${label}`,
                                                          onclick: () => onchoose(pick.value) }));
}

function columnsEditor(columns, path) {
  // A table's header: adding or removing a column adds or removes its cell in every row too.
  const table = path.slice(0, -1);
  const box = el("div", { class: "list", "data-path": pathText(path) });
  columns.forEach((name, i) => {
    const ops = el("span", { class: "ops" });
    ops.append(
      el("button", { type: "button", text: "↑", title: "这一列左移", "aria-label": "这一列左移", disabled: i === 0,
                     onclick: () => send({ op: "column", path: table, index: i, to: i - 1 }) }),
      el("button", { type: "button", text: "↓", title: "这一列右移", "aria-label": "这一列右移",
                     disabled: i === columns.length - 1,
                     onclick: () => send({ op: "column", path: table, index: i, to: i + 1 }) }),
      el("button", { type: "button", text: "✕", title: "删除这一列", "aria-label": "删除这一列",
                     onclick: () => send({ op: "column", path: table, index: i, add: false }) }));
    box.append(el("div", { class: "item" }, el("div", { class: "body" }, scalarInput(name, [...path, i], "columns")[0]),
                  ops));
  });
  box.append(addButton("添加一列", () => send({ op: "column", path: table, index: columns.length, add: true })));
  return box;
}

function rowsEditor(rows, path, columns) {
  // A table's rows as a grid under its header: each cell labelled with its row and column.
  const box = el("div", { class: "list rows", "data-path": pathText(path) });
  rows.forEach((row, i) => {
    const cells = el("div", { class: "cells", "data-path": pathText([...path, i]) });
    (Array.isArray(row) ? row : []).forEach((cell, k) => {
      const [input] = scalarInput(cell, [...path, i, k], "rows");
      input.setAttribute("aria-label", `第 ${i + 1} 行 · ${columns[k] !== undefined ? columns[k] : `第 ${k + 1} 列`}`);
      cells.append(input);
    });
    box.append(el("div", { class: "item" }, el("div", { class: "body" }, cells), itemOps(path, i, rows.length)));
  });
  const width = Array.isArray(columns) ? columns.length : 1;
  box.append(addButton("添加一行", () => send({ op: "insert", path, index: rows.length,
                                                value: Array.from({ length: width }, () => "") })));
  return box;
}

function contentEditor(content, path) {
  // An attachment's content: paragraphs, tables and photos, each shown as the section type it is.
  const box = el("div", { class: "list", "data-path": pathText(path) });
  content.forEach((part, i) => {
    const kind = part && typeof part === "object" ? part.type : "";
    const select = el("select", { "aria-label": `第 ${i + 1} 项内容的类型`, "data-path": pathText([...path, i, "type"]) });
    for (const t of CONTENT) select.append(el("option", { value: t, text: TYPES[t], selected: t === kind }));
    const apply = el("button", { type: "button", text: "改为此类型", hidden: true, "data-retype": pathText([...path, i]),
                                 onclick: () => send({ op: "retype", path, index: i, to: select.value }) });
    select.addEventListener("change", () => { apply.hidden = select.value === kind; });
    const body = el("fieldset", { class: "part", "data-path": pathText([...path, i]) },
                    el("legend", {}, select, apply), editor(part, [...path, i], "content"));
    box.append(el("div", { class: "item" }, el("div", { class: "body" }, body), itemOps(path, i, content.length)));
  });
  box.append(typePicker(CONTENT, "附件内容",
                        (t) => send({ op: "insert", path, index: content.length, section: t })));
  return box;
}

function optionalFields(value, path) {
  // The fields a section may have but this one leaves out (a heading, a caption…): a button adds each.
  const missing = (OPTIONAL[value.type] || []).filter((k) => !(k in value));
  if (!missing.length) return null;
  const box = el("div", { class: "add optional" });
  for (const key of missing) {
    box.append(el("button", { type: "button", text: `添加${label(key)}`, "data-add": pathText([...path, key]),
                              onclick: () => send({ op: "set", path: [...path, key],
                                                    value: LONG.has(key) ? ["待填写"] : "待填写" }) }));
  }
  return box;
}

function editor(value, path, key) {
  if (Array.isArray(value)) {
    if (key === "content") return contentEditor(value, path);
    const box = el("div", { class: "list", "data-path": pathText(path) });
    value.forEach((item, i) => {
      const body = el("div", { class: "body" }, editor(item, [...path, i], key));
      box.append(el("div", { class: "item" }, body, itemOps(path, i, value.length)));
    });
    const like = value.length ? value[value.length - 1] : "";
    box.append(addButton(`添加${label(key)}`,
                         () => send({ op: "insert", path, index: value.length, value: blank(like, key) })));
    return box;
  }
  if (value && typeof value === "object") {
    const box = el("div", { class: "map", "data-path": pathText(path) });
    const section = typeof value.type === "string";
    for (const [k, v] of Object.entries(value)) {
      if (k === "type" && section) continue;
      const at = [...path, k];
      if (k === "path" && value.type === "image") box.append(photoField(v, at));
      else if (k === "columns" && value.type === "table" && Array.isArray(v)) {
        box.append(tableField(k, columnsEditor(v, at), at));
      } else if (k === "rows" && value.type === "table" && Array.isArray(v)) {
        box.append(tableField(k, rowsEditor(v, at, Array.isArray(value.columns) ? value.columns : []), at));
      } else box.append(field(k, v, at));
    }
    if (section) {
      const more = optionalFields(value, path);
      if (more) box.append(more);
    }
    return box;
  }
  return scalarInput(value, path, key)[0];
}

function tableField(key, body, path) {
  return el("div", { class: "field", "data-path": pathText(path) },
            el("fieldset", {}, el("legend", { text: label(key) }), body));
}

function field(key, value, path) {
  const wrap = el("div", { class: "field", "data-path": pathText(path) });
  if (Array.isArray(value) || (value && typeof value === "object")) {
    const fs = el("fieldset", {}, el("legend", { text: label(key) }), editor(value, path, key));
    wrap.append(fs);
    return wrap;
  }
  const [input, id] = scalarInput(value, path, key);
  wrap.append(el("label", { for: id, text: label(key) }), input);
  return wrap;
}

// -- photos: the path typed, or chosen from the folder's images, or uploaded into the folder -----------------

async function imagesOfFolder() {
  const response = await fetch("/api/images");
  return (await response.json()).images;
}

function choosePhoto(path, value) {
  state.typedPath = null;
  send({ op: "set", path, value });
}

async function uploadPhoto(file, path, say) {
  say(`正在上传 ${file.name}……`);
  const response = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
    method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: file });
  const result = await response.json();
  window.__rg.uploaded = result;
  if (!result.ok) { say(result.message); return; }
  say(`已保存到文件夹：${result.path}`);
  choosePhoto(path, result.path);
}

function photoField(value, path) {
  const wrap = field("path", value, path);
  wrap.classList.add("photo");
  const input = wrap.querySelector("input");
  const note = el("span", { class: "hint", role: "status" });
  const say = (text) => { note.textContent = text; };
  if (typeof value === "string" && value && !/^(\w+:|\/)/.test(value)) {
    wrap.append(el("img", { class: "thumb", src: `/file?path=${encodeURIComponent(value)}`, alt: `当前图片 ${value}` }));
  }
  const panel = el("div", { class: "picker", role: "group", "aria-label": "选择图片", hidden: true });
  const close = () => { panel.hidden = true; pickButton.setAttribute("aria-expanded", "false"); };
  const pickButton = el("button", { type: "button", text: "选择图片…", "aria-expanded": "false",
                                    "data-picker": pathText(path) });
  pickButton.addEventListener("click", async () => {
    if (!panel.hidden) { close(); return; }
    panel.replaceChildren(el("p", { class: "hint", text: "正在列出文件夹里的图片……" }));
    panel.hidden = false;
    pickButton.setAttribute("aria-expanded", "true");
    const found = await imagesOfFolder();
    const list = el("ul", { class: "images", "aria-label": "文件夹里的图片（JPEG、PNG）" });
    for (const name of found) {
      const choose = el("button", { type: "button", "data-image": name, "aria-current": name === value ? "true" : false,
                                    onclick: () => { close(); input.value = name; choosePhoto(path, name); } },
                        el("img", { src: `/file?path=${encodeURIComponent(name)}`, alt: "", loading: "lazy" }),
                        el("span", { text: name }));
      list.append(el("li", {}, choose));
    }
    const upload = el("input", { type: "file", accept: ".jpg,.jpeg,.png,image/jpeg,image/png",
                                 id: `upload-${pathText(path).replace(/[^\w-]/g, "_")}` });
    upload.addEventListener("change", () => {
      if (upload.files && upload.files[0]) { close(); uploadPhoto(upload.files[0], path, say); }
    });
    panel.replaceChildren(
      found.length ? list : el("p", { class: "hint", text: "文件夹里还没有 JPEG 或 PNG 图片。" }),
      el("div", { class: "upload" }, el("label", { for: upload.id, text: "或从电脑上传一张（保存到输入文件所在的文件夹）：" }),
         upload),
      el("button", { type: "button", text: "关闭", onclick: () => { close(); pickButton.focus(); } }));
    const first = panel.querySelector("button");
    if (first) first.focus();
  });
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { close(); pickButton.focus(); }
  });
  wrap.append(el("div", { class: "pick" }, pickButton, note), panel);
  return wrap;
}

function renderFacts(data) {
  const box = $("facts");
  box.replaceChildren();
  if (!data || typeof data !== "object") {
    box.append(el("p", { text: "YAML 有格式错误，请在“YAML”页改正；错误见“消息”。" }));
    return;
  }
  for (const key of ["title", "kind", "style", "lang"]) if (key in data) box.append(field(key, data[key], [key]));
  const missing = Object.keys(TOP_OPTIONAL).filter((k) => !(k in data));
  if (missing.length) {  // what the file leaves to its default, offered to add (the title is made by a template)
    const add = el("div", { class: "add optional" });
    for (const key of missing) {
      add.append(el("button", { type: "button", text: `添加${label(key)}`, "data-add": key,
                                onclick: () => send({ op: "set", path: [key], value: TOP_OPTIONAL[key] }) }));
    }
    box.append(add);
  }
  if (data.meeting && typeof data.meeting === "object") {
    for (const [k, v] of Object.entries(data.meeting)) box.append(field(k, v, ["meeting", k]));
  }
}

function renderOutline(data) {
  const box = $("outline");
  box.replaceChildren();
  const sections = data && Array.isArray(data.sections) ? data.sections : [];
  sections.forEach((section, i) => {
    const path = ["sections", i];
    const select = el("select", { "aria-label": `第 ${i + 1} 部分的类型`, "data-path": pathText([...path, "type"]) });
    for (const t of state.types) {
      const option = el("option", { value: t, text: TYPES[t] || t });
      if (section && section.type === t) option.selected = true;
      select.append(option);
    }
    // Choosing a type only proposes it (arrow keys change a closed list's value in every browser); the
    // button next to it changes the section.
    const apply = el("button", { type: "button", text: "改为此类型", hidden: true, "data-retype": pathText(path),
                                 onclick: () => send({ op: "retype", index: i, to: select.value }) });
    select.addEventListener("change", () => { apply.hidden = !section || select.value === section.type; });
    const legend = el("legend", {}, el("span", { text: `第 ${i + 1} 部分` }), select, apply,
                      itemOps(["sections"], i, sections.length));
    const fs = el("fieldset", { class: "section", "data-path": pathText(path) }, legend);
    if (section && typeof section === "object") fs.append(editor(section, path, "section"));
    box.append(fs);
  });
  const pick = el("select", { "aria-label": "新部分的类型" });
  for (const t of state.types) pick.append(el("option", { value: t, text: TYPES[t] || t }));
  box.append(el("div", { class: "add" }, pick, el("button", {
    type: "button", text: "添加部分",
    onclick: () => send({ op: "insert", path: ["sections"], index: sections.length, section: pick.value }) })));
}

function closestField(path) {
  let p = path;
  while (p) {
    const found = document.querySelector(`[data-path="${CSS.escape(p)}"]`);
    if (found) return found;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    p = cut > 0 ? p.slice(0, cut) : "";
  }
  return null;
}

function messageNode(m) {
  const node = el("div", { class: `msg ${m.severity}`, role: "alert" });
  node.append(el("span", { text: `${m.code} ${m.severity === "warning" ? "警告 " : ""}${m.message}` }));
  if (m.fixable) {
    node.append(el("button", { type: "button", text: "修复", "aria-label": `修复 ${m.code}`,
                               onclick: () => send({ op: "fix", path: m.path }) }));
  }
  return node;
}

function renderMessages(messages) {
  document.querySelectorAll(".msg").forEach((n) => n.remove());
  document.querySelectorAll(".invalid").forEach((n) => n.classList.remove("invalid"));
  const list = $("message-list");
  list.replaceChildren();
  $("count").textContent = String(messages.length);
  for (const m of messages) {
    const where = m.line ? `第 ${m.line} 行：` : "";
    const li = el("li", { tabindex: 0, text: `${where}${m.code} ${m.message}` });
    list.append(li);
    const target = m.path ? closestField(m.path) : null;
    if (target) {
      const input = target.matches("input,textarea,select") ? target : target.querySelector("input,textarea,select");
      if (input && m.severity === "error") input.classList.add("invalid");
      // right under the field: a paragraph's own box in a list, not the end of the whole list
      const holder = target.matches("input,textarea,select")
        ? target.closest(".item > .body, .field") || target.parentElement : target;
      holder.append(messageNode(m));
      li.addEventListener("click", () => { showTab(target.closest("#outline") ? "outline" : "facts"); (input || target).focus(); });
    } else if (m.line || !m.path) {
      $("facts").prepend(messageNode(m));
    }
  }
}

// -- the pages -------------------------------------------------------------------------------------------

const parser = new DOMParser();

function svgNode(markup) {
  const doc = parser.parseFromString(markup, "image/svg+xml");
  if (doc.querySelector("parsererror")) return null;
  doc.querySelectorAll("script,foreignObject").forEach((n) => n.remove());
  return document.importNode(doc.documentElement, true);
}

function renderPages(msg) {
  if (msg.glyphs) {
    const defs = svgNode(`<svg xmlns="http://www.w3.org/2000/svg"><defs>${msg.glyphs}</defs></svg>`);
    if (defs) $("defs").append(...defs.querySelector("defs").childNodes);
  }
  const pages = $("pages");
  while (pages.children.length > msg.count) pages.lastElementChild.remove();
  while (pages.children.length < msg.count) pages.append(el("div", { class: "pagewrap" }));
  let first = null;
  for (const page of msg.pages) {
    const wrap = pages.children[page.index];
    const node = svgNode(page.svg);
    if (!node) continue;
    wrap.replaceChildren(node);
    wrap.dataset.digest = page.digest;
    wrap.setAttribute("aria-label", `第 ${page.index + 1} 页`);
    if (first === null) first = wrap;
  }
  return first;
}

// -- messages from the server ------------------------------------------------------------------------------

function showTab(name) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute("aria-selected", String(on));
    $(tab.getAttribute("aria-controls")).hidden = !on;
  }
}

function keepFocus(render) {
  const active = document.activeElement;
  const path = active && active.dataset ? active.dataset.path : null;
  const start = active && "selectionStart" in active ? active.selectionStart : null;
  render();
  if (path) {
    const again = document.querySelector(`input[data-path="${CSS.escape(path)}"],textarea[data-path="${CSS.escape(path)}"]`);
    if (again) {
      again.focus();
      if (start !== null && again.setSelectionRange) again.setSelectionRange(start, start);
    }
  }
}

function valueAt(data, path) {
  let v = data;
  for (const p of path) { if (v === null || typeof v !== "object") return undefined; v = v[p]; }
  return v;
}

function onlyTyped(before, after, path) {
  // Whether `after` is `before` with just the value at `path` changed: the field typed in already shows it,
  // so the form is left as it is (no redraw under the user's cursor).
  if (!before || !after || !path) return false;
  const copy = structuredClone(before);
  let v = copy;
  for (const p of path.slice(0, -1)) { if (v === null || typeof v !== "object") return false; v = v[p]; }
  if (v === null || typeof v !== "object") return false;
  v[path[path.length - 1]] = valueAt(after, path);
  return JSON.stringify(copy) === JSON.stringify(after);
}

function onPreview(msg) {
  state.rev = msg.rev;
  state.text = msg.text;
  const settled = msg.seq === state.seq;  // no edit of this page is on its way: safe to redraw the form
  if (settled) {
    if (!onlyTyped(state.data, msg.data, state.typedPath)) {
      keepFocus(() => { renderFacts(msg.data); renderOutline(msg.data); });
    }
    state.data = msg.data;
    state.typedPath = null;
    if (document.activeElement !== $("yamltext")) $("yamltext").value = msg.text;
  }
  renderMessages(msg.messages);
  $("undo").disabled = !msg.can_undo;
  if (msg.pages) {
    renderPages(msg);
    window.__rg.pages = msg.count;
  }
  requestAnimationFrame(() => requestAnimationFrame(() => {
    window.__rg.version = msg.version;
    window.__rg.seq = msg.seq;
    window.__rg.painted = performance.now();
    window.__rg.changed = msg.pages ? msg.pages.map((p) => p.index) : [];
  }));
  const errors = msg.messages.filter((m) => m.severity === "error").length;
  status(errors ? `${errors} 处错误（页面显示最近一次能生成的版本）` : "页面已更新");
}

function connect() {
  const ws = new WebSocket(`ws://${location.host}/ws`);
  state.ws = ws;
  ws.addEventListener("message", (event) => {
    const msg = JSON.parse(event.data);
    if (msg.type === "hello") {
      $("file").textContent = msg.file;
      document.title = `${msg.file} - reportgen 编辑器`;
      state.types = msg.types;
    } else if (msg.type === "preview") {
      onPreview(msg);
    } else if (msg.type === "saved") {
      status(msg.message);
      if (!msg.ok) { $("notice-text").textContent = msg.message; $("notice").hidden = false; }
      window.__rg.saved = msg.ok;
      window.__rg.savedMessage = msg.message;
    } else if (msg.type === "disk") {
      if (msg.rev !== state.rev) {
        $("notice-text").textContent = "文件已在磁盘上被修改（另一个窗口或程序）。可以载入磁盘上的版本，或保留本页的修改（保存时会提示）。";
        $("notice").hidden = false;
      }
    } else if (msg.type === "refused") {
      status(msg.message);
    }
  });
  ws.addEventListener("close", () => status("与编辑器的连接已断开（reportgen serve 已结束？）"));
}

async function post(url, body) {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
                                      body: JSON.stringify(body || {}) });
  return response.json();
}

function setup() {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("click", () => showTab(tab.id.slice(4)));
  }
  $("save").addEventListener("click", () => send({ op: "save", rev: state.rev }));
  $("undo").addEventListener("click", () => send({ op: "undo" }));
  $("reload").addEventListener("click", () => { $("notice").hidden = true; send({ op: "reload" }); });
  $("dismiss").addEventListener("click", () => { $("notice").hidden = true; });
  $("build").addEventListener("click", async () => {
    status("正在生成……");
    const result = await post("/api/build", { text: state.text });
    window.__rg.built = result;
    status(result.ok ? `已生成 ${result.outputs.join("、")}` : result.message);
  });
  $("folder").addEventListener("click", async () => {
    const result = await post("/api/open-folder");
    status(result.ok ? `文件夹：${result.folder}` : `无法打开文件夹 ${result.folder}`);
  });
  $("yamltext").addEventListener("input", () => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => send({ op: "text", text: $("yamltext").value }), 250);
  });
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      send({ op: "save", rev: state.rev });
    } else if ((event.ctrlKey || event.metaKey) && event.key === "z" && !event.target.matches("input,textarea")) {
      event.preventDefault();
      send({ op: "undo" });
    }
  });
  connect();
}

document.addEventListener("DOMContentLoaded", setup);
