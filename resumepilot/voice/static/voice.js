// Voice interview page: speaks the question, records the answer (MediaRecorder) with a timer
// and level meter, uploads it, and follows its transcription. Without JavaScript the page
// still works through its plain upload, confirm and retry forms.
(function () {
  "use strict";
  var question = document.getElementById("voice-question");
  var answer = document.getElementById("answer");
  var recorderBox = document.getElementById("recorder");
  var MUTE_KEY = "rp-voice-muted";

  function show(el) { if (el) { el.hidden = false; } }

  // The question, spoken -------------------------------------------------------------------
  function speak() {
    if (!question || !("speechSynthesis" in window)) { return; }
    var mute = document.getElementById("voice-mute");
    if (mute && mute.checked) { return; }
    window.speechSynthesis.cancel();
    var utterance = new SpeechSynthesisUtterance(question.textContent);
    utterance.lang = "en-US";
    window.speechSynthesis.speak(utterance);
  }
  if (question && "speechSynthesis" in window) {
    document.querySelectorAll(".voice-speak").forEach(show);
    var mute = document.getElementById("voice-mute");
    mute.checked = window.localStorage.getItem(MUTE_KEY) === "1";
    mute.addEventListener("change", function () {
      window.localStorage.setItem(MUTE_KEY, mute.checked ? "1" : "0");
      if (mute.checked) { window.speechSynthesis.cancel(); }
    });
    document.getElementById("voice-say").addEventListener("click", function () {
      var was = mute.checked; mute.checked = false; speak(); mute.checked = was;
    });
    var status = answer ? answer.dataset.status : "";
    if (!status) { speak(); }
  }

  // Following a transcription ----------------------------------------------------------------
  function follow(id, seconds) {
    var bar = document.getElementById("answer-progress");
    var began = Date.now();
    // The built-in engine runs at about a third of real time, plus start-up.
    var expected = Math.max(3, seconds * 0.4 + 2) * 1000;
    function poll() {
      fetch("/voice/answers/" + id, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (a) {
          if (a.status === "ready" || a.status === "failed" || a.status === "confirmed") {
            window.location.reload();
            return;
          }
          if (bar) { bar.value = Math.min(95, ((Date.now() - began) / expected) * 100); }
          window.setTimeout(poll, 1000);
        })
        .catch(function () { window.setTimeout(poll, 3000); });
    }
    poll();
  }
  if (answer && (answer.dataset.status === "queued" || answer.dataset.status === "transcribing")) {
    follow(answer.dataset.answerId, parseFloat(answer.dataset.duration || "0"));
  }

  // Recording ---------------------------------------------------------------------------------
  if (!recorderBox || !navigator.mediaDevices || !window.MediaRecorder) { return; }
  show(recorderBox);
  var startBtn = document.getElementById("rec-start");
  var pauseBtn = document.getElementById("rec-pause");
  var stopBtn = document.getElementById("rec-stop");
  var sendBtn = document.getElementById("rec-send");
  var redoBtn = document.getElementById("rec-redo");
  var review = document.getElementById("rec-review");
  var preview = document.getElementById("rec-preview");
  var timer = document.getElementById("rec-timer");
  var level = document.getElementById("rec-level");
  var state = document.getElementById("rec-state");
  var recorder = null, stream = null, chunks = [], blob = null;
  var elapsed = 0, tickStarted = 0, ticking = null, meterFrame = null, audioCtx = null;

  function clock() {
    var ms = elapsed + (tickStarted ? Date.now() - tickStarted : 0);
    var s = Math.floor(ms / 1000);
    timer.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  function startClock() { tickStarted = Date.now(); ticking = window.setInterval(clock, 250); }
  function stopClock() {
    if (tickStarted) { elapsed += Date.now() - tickStarted; }
    tickStarted = 0; window.clearInterval(ticking); clock();
  }
  function meter(source) {
    var analyser = audioCtx.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    var data = new Uint8Array(analyser.fftSize);
    function draw() {
      analyser.getByteTimeDomainData(data);
      var peak = 0;
      for (var i = 0; i < data.length; i++) { peak = Math.max(peak, Math.abs(data[i] - 128) / 128); }
      level.value = peak;
      meterFrame = window.requestAnimationFrame(draw);
    }
    draw();
  }
  function release() {
    if (meterFrame) { window.cancelAnimationFrame(meterFrame); }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    if (audioCtx) { audioCtx.close(); }
    stream = null; audioCtx = null; level.value = 0;
  }

  startBtn.addEventListener("click", function () {
    if (window.speechSynthesis) { window.speechSynthesis.cancel(); }
    state.textContent = "Asking for the microphone…";
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (s) {
      stream = s; chunks = []; blob = null; elapsed = 0;
      audioCtx = new (window.AudioContext || window.webkitAudioContext)();
      meter(audioCtx.createMediaStreamSource(s));
      var type = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm"].filter(
        function (t) { return MediaRecorder.isTypeSupported(t); })[0];
      recorder = new MediaRecorder(s, type ? { mimeType: type } : undefined);
      recorder.ondataavailable = function (e) { if (e.data.size) { chunks.push(e.data); } };
      recorder.onstop = function () {
        blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
        preview.src = URL.createObjectURL(blob);
        review.hidden = false;
        state.textContent = "Listen back, then send it or record again.";
        release();
      };
      recorder.start(250);
      startClock();
      review.hidden = true;
      startBtn.disabled = true; pauseBtn.disabled = false; stopBtn.disabled = false;
      pauseBtn.textContent = "Pause";
      state.textContent = "Recording…";
    }).catch(function () {
      state.textContent = "The microphone is not available. Allow it in the browser, or upload a recording below.";
      document.getElementById("upload-box").open = true;
    });
  });
  pauseBtn.addEventListener("click", function () {
    if (!recorder) { return; }
    if (recorder.state === "recording") {
      recorder.pause(); stopClock(); pauseBtn.textContent = "Resume"; state.textContent = "Paused";
    } else if (recorder.state === "paused") {
      recorder.resume(); startClock(); pauseBtn.textContent = "Pause"; state.textContent = "Recording…";
    }
  });
  stopBtn.addEventListener("click", function () {
    if (!recorder || recorder.state === "inactive") { return; }
    recorder.stop(); stopClock();
    startBtn.disabled = false; pauseBtn.disabled = true; stopBtn.disabled = true;
    startBtn.textContent = "Record again";
  });
  redoBtn.addEventListener("click", function () {
    review.hidden = true; blob = null; elapsed = 0; clock(); startBtn.click();
  });
  sendBtn.addEventListener("click", function () {
    if (!blob) { return; }
    var form = new FormData();
    var ext = blob.type.indexOf("ogg") >= 0 ? "ogg" : "webm";
    form.append("audio", blob, "answer." + ext);
    form.append("turn_number", recorderBox.dataset.turn);
    form.append("csrf_token", recorderBox.dataset.csrf);
    sendBtn.disabled = true;
    state.textContent = "Uploading…";
    fetch(recorderBox.dataset.upload, { method: "POST", body: form, headers: { Accept: "application/json" } })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (res.ok) { window.location.reload(); return; }
        sendBtn.disabled = false;
        state.textContent = (res.body.error && res.body.error.message) || "The upload failed. Try again.";
        state.setAttribute("role", "alert");
      })
      .catch(function () { sendBtn.disabled = false; state.textContent = "The upload failed: check your connection and send it again."; });
  });
})();
