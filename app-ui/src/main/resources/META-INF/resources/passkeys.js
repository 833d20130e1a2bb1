// Passkeys in the browser (WebAuthn): the options auth-service sends are JSON with base64url strings where the
// browser wants bytes, and the browser's credential goes back the same way. Served by the app, no CDN.
(function () {
  'use strict';

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    var binary = atob(base64 + '==='.slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer), binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function withIds(list) {
    return (list || []).map(function (c) { return Object.assign({}, c, { id: toBytes(c.id) }); });
  }

  function creationOptions(json) {
    var o = JSON.parse(json).publicKey;
    o.challenge = toBytes(o.challenge);
    o.user.id = toBytes(o.user.id);
    o.excludeCredentials = withIds(o.excludeCredentials);
    return { publicKey: o };
  }

  function requestOptions(json) {
    var o = JSON.parse(json).publicKey;
    o.challenge = toBytes(o.challenge);
    o.allowCredentials = withIds(o.allowCredentials);
    return { publicKey: o };
  }

  // The credential as WebAuthn Level 3's RegistrationResponseJSON / AuthenticationResponseJSON.
  function credentialJson(credential) {
    var r = credential.response;
    var out = { id: credential.id, rawId: toBase64url(credential.rawId), type: credential.type,
                authenticatorAttachment: credential.authenticatorAttachment || null,
                clientExtensionResults: credential.getClientExtensionResults(),
                response: { clientDataJSON: toBase64url(r.clientDataJSON) } };
    if (r.attestationObject) {
      out.response.attestationObject = toBase64url(r.attestationObject);
      out.response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      out.response.authenticatorData = toBase64url(r.authenticatorData);
      out.response.signature = toBase64url(r.signature);
      if (r.userHandle) out.response.userHandle = toBase64url(r.userHandle);
    }
    return JSON.stringify(out);
  }

  window.gatehousePasskeys = {
    create: function (optionsJson) { return navigator.credentials.create(creationOptions(optionsJson)).then(credentialJson); },
    get: function (optionsJson) { return navigator.credentials.get(requestOptions(optionsJson)).then(credentialJson); }
  };

  function post(url, fields) {
    var csrf = document.getElementById('csrf');
    var body = new URLSearchParams(fields);
    body.set(csrf.name, csrf.value);
    return fetch(url, { method: 'POST', body: body, headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (answer) {
        return answer.json().then(function (json) {
          if (!answer.ok) throw new Error(json.error || 'The request failed.');
          return json;
        });
      });
  }

  function show(id, text) {
    ['passkey-error', 'passkey-message'].forEach(function (other) {
      var element = document.getElementById(other);
      if (element) element.hidden = other !== id;
    });
    var target = document.getElementById(id);
    if (target) target.textContent = text;
  }

  function failed(error) {
    show('passkey-error', error && error.name === 'NotAllowedError'
      ? 'The passkey prompt was closed or timed out. Try again.' : (error && error.message) || 'Something went wrong.');
  }

  function ceremony(startUrl, startFields, browserStep, finishUrl) {
    return post(startUrl, startFields).then(function (started) {
      return browserStep(started.options).then(function (response) {
        return post(finishUrl, { transactionId: started.transactionId, response: response });
      });
    });
  }

  var add = document.querySelector('[data-passkey-add]');
  if (add) {
    add.addEventListener('click', function () {
      ceremony('/account/passkeys/start', {}, window.gatehousePasskeys.create, '/account/passkeys/finish')
        .then(function (done) { show('passkey-message', done.message); }, failed);
    });
  }

  var signIn = document.querySelector('[data-passkey-signin]');
  if (signIn) {
    signIn.addEventListener('click', function () {
      var email = document.getElementById('passkey-email');
      ceremony('/login/passkey/start', { email: email ? email.value : '' }, window.gatehousePasskeys.get, '/login/passkey/finish')
        .then(function (done) { window.location.assign(done.redirect); }, failed);
    });
  }
  var stepUp = document.querySelector('[data-passkey-stepup]');
  if (stepUp) {
    stepUp.addEventListener('click', function () {
      var next = document.getElementById('next').value;
      post('/account/confirm/passkey/start', {}).then(function (started) {
        return window.gatehousePasskeys.get(started.options).then(function (response) {
          return post('/account/confirm/passkey/finish', { transactionId: started.transactionId, response: response, next: next });
        });
      }).then(function (done) { window.location.assign(done.redirect); }, failed);
    });
  }
})();
