// A chat page over the sample's SSE endpoint: POST /chat/stream with the conversation so far answers with "delta"
// events, one per piece of text. fetch() rather than EventSource: EventSource cannot be told the stream ended (it reconnects), and
// cannot see the status of a failed answer. No build step, no dependencies.
"use strict";

const history = document.getElementById("history");
const form = document.getElementById("ask");
const prompt = document.getElementById("prompt");
const send = document.getElementById("send");
const stop = document.getElementById("stop");
const status = document.getElementById("status");
const error = document.getElementById("error");

let current = null; // the AbortController of the answer being streamed

function setStatus(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

function showError(text) {
  error.textContent = text;
  error.hidden = false;
}

function addTurn(role, text) {
  const item = document.createElement("li");
  item.className = "turn " + role;
  const who = document.createElement("span");
  who.className = "who";
  who.textContent = role === "user" ? "You" : "Assistant";
  const body = document.createElement("span");
  body.className = "text";
  body.textContent = text;
  const note = document.createElement("span");
  note.className = "note";
  item.append(who, body, note);
  history.append(item);
  item.scrollIntoView({ block: "end" });
  return item;
}

// Splits an SSE body into events as bytes arrive; calls onEvent(name, data) for each complete one.
function sseParser(onEvent) {
  let buffer = "";
  return chunk => {
    buffer += chunk;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, "");
      let name = "message";
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "event") name = value;
        else if (field === "data") data.push(value);
      }
      if (data.length > 0) onEvent(name, data.join("\n"));
    }
  };
}

async function describeFailure(response) {
  const text = await response.text().catch(() => "");
  try {
    const problem = JSON.parse(text);
    if (problem.error) return problem.error;
    if (problem.detail || problem.title) return problem.detail || problem.title;
  } catch { /* not JSON */ }
  return `The server answered ${response.status} ${response.statusText}.`;
}

// The conversation the model sees: every finished turn (a stopped answer counts with what was shown).
const conversation = [];

async function ask(question) {
  error.hidden = true;
  conversation.push({ role: "user", text: question });
  addTurn("user", question);
  const answer = addTurn("assistant", "");
  const text = answer.querySelector(".text");
  const note = answer.querySelector(".note");
  answer.classList.add("streaming");
  answer.dataset.deltas = "0";

  current = new AbortController();
  send.disabled = true;
  stop.disabled = false;
  setStatus("streaming", "Answering...");
  try {
    const response = await fetch("/chat/stream", {
      method: "POST",
      headers: { Accept: "text/event-stream", "Content-Type": "application/json" },
      body: JSON.stringify({ turns: conversation }),
      signal: current.signal,
    });
    if (!response.ok) throw new Error(await describeFailure(response));

    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parse = sseParser((name, data) => {
      if (name !== "delta") return;
      text.textContent += data;
      answer.dataset.deltas = String(Number(answer.dataset.deltas) + 1);
      answer.scrollIntoView({ block: "end" });
    });
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parse(value);
    }
    setStatus("done", "Done.");
    conversation.push({ role: "assistant", text: text.textContent });
  } catch (e) {
    if (current.signal.aborted) {
      if (text.textContent) conversation.push({ role: "assistant", text: text.textContent });
      else conversation.pop();
      answer.classList.add("stopped");
      note.textContent = "Stopped.";
      setStatus("stopped", "Stopped.");
    } else {
      // The question was not answered: it is not part of the conversation the next question continues.
      conversation.pop();
      answer.classList.add("failed");
      note.textContent = "No complete answer.";
      // A broken connection mid-answer shows as a TypeError from the reader.
      showError(e instanceof TypeError ? "The answer broke off: the connection to the server was lost." : e.message);
      setStatus("error", "Failed.");
    }
  } finally {
    answer.classList.remove("streaming");
    current = null;
    send.disabled = false;
    stop.disabled = true;
  }
}

form.addEventListener("submit", e => {
  e.preventDefault();
  const question = prompt.value.trim();
  if (!question || current) return;
  prompt.value = "";
  ask(question);
});

prompt.addEventListener("keydown", e => {
  if (e.key === "Enter" && !e.shiftKey) {
    e.preventDefault();
    form.requestSubmit();
  }
});

stop.addEventListener("click", () => current?.abort());
