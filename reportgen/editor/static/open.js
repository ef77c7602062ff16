// The page of `reportgen serve` without a file: open a .yaml or .docx of the folder, or start a new input from
// the starter. Every name is set with textContent; the server checks each one again.
"use strict";

const $ = (id) => document.getElementById(id);

function say(text) { $("error").textContent = text || ""; }

async function post(url, body) {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
                                      body: JSON.stringify(body) });
  return response.json();
}

function opened(result) {
  if (result.ok || result.opened) {
    $("status").textContent = result.ok ? `正在打开 ${result.file}……` : result.message;
    location.replace("/");
    return true;
  }
  return false;
}

async function open(name, how) {
  say("");
  $("ask").hidden = true;
  $("status").textContent = name.toLowerCase().endsWith(".docx") ? `正在导入 ${name}……` : `正在打开 ${name}……`;
  const result = await post("/api/open", { name, ...how });
  if (opened(result)) return;
  $("status").textContent = "";
  if (result.ask) {
    $("ask-text").textContent = result.message;
    $("ask-existing").textContent = `打开已有的 ${result.yaml}`;
    $("ask-overwrite").textContent = `重新导入并覆盖 ${result.yaml}`;
    $("ask-existing").onclick = () => open(name, { existing: true });
    $("ask-overwrite").onclick = () => open(name, { overwrite: true });
    $("ask").hidden = false;
    $("ask-existing").focus();
    return;
  }
  say(result.message);
}

async function list() {
  const response = await fetch("/api/inputs");
  const found = await response.json();
  if (found.opened) { location.replace("/"); return; }
  $("folder").textContent = found.folder;
  const box = $("files");
  box.replaceChildren();
  for (const file of found.files) {
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.name = file.name;
    button.textContent = file.kind === "docx" ? `导入并打开 ${file.name}` : `打开 ${file.name}`;
    button.addEventListener("click", () => open(file.name, {}));
    const item = document.createElement("li");
    item.append(button);
    if (file.kind === "docx" && file.exists) {
      const note = document.createElement("span");
      note.className = "hint";
      note.textContent = `（${file.yaml} 已存在）`;
      item.append(note);
    }
    box.append(item);
  }
  $("none").hidden = found.files.length > 0;
  const first = box.querySelector("button");
  (first || $("new-name")).focus();
}

function setup() {
  $("ask-cancel").addEventListener("click", () => { $("ask").hidden = true; say(""); });
  $("ask").addEventListener("keydown", (event) => { if (event.key === "Escape") $("ask").hidden = true; });
  $("new-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    say("");
    const result = await post("/api/new", { name: $("new-name").value });
    if (!opened(result)) { say(result.message); $("new-name").focus(); }
  });
  list();
}

document.addEventListener("DOMContentLoaded", setup);
