// The report's inline script (plain browser JS, no libraries): lays the diagram out on a
// logical axis (one column per drawn event, in trace order), and draws only the columns in
// view, so a run of 20,000+ events stays usable. Zoom (buttons, ctrl+wheel), filters by
// message type, by node and by time window, click for details, jump to the violation.
export const reportScript = String.raw`
(function () {
  'use strict';
  var M = JSON.parse(document.getElementById('model').textContent);
  var ROLE = JSON.parse(document.getElementById('role-colors').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var LANE_H = 54, TOP = 30, LEFT = 70, MAX_DRAWN = 2500;
  M.msgs.forEach(function (m, k) { m.push(k); });
  var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22', '#393b79', '#637939', '#843c39', '#7b4173', '#3182bd', '#e6550d'];
  var st = { zoom: 14, types: {}, lanes: {}, fromUs: -Infinity, toUs: Infinity };
  M.types.forEach(function (t) { st.types[t] = true; });
  M.lanes.forEach(function (n) { st.lanes[n] = true; });
  var scroller = document.getElementById('scroller'), spacer = document.getElementById('spacer');
  var svg = document.getElementById('diagram'), world = document.getElementById('world');
  var L = {};
  ['bg', 'spans', 'lanes', 'msgs', 'marks', 'hl', 'ruler', 'labels'].forEach(function (k) { L[k] = document.getElementById('l-' + k); });
  var cols = [], colT = [], rowOf = {}, nRows = 0, vmsgs = [], vmarks = [], vspans = [], roleSegs = [];
  var pending = false;

  function color(ti) { return PALETTE[ti % PALETTE.length]; }
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function lowerBound(a, x) { var lo = 0, hi = a.length; while (lo < hi) { var mid = (lo + hi) >> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; } return lo; }
  function colOf(i) { return lowerBound(cols, i); }
  function xOf(c) { return LEFT + c * st.zoom + st.zoom / 2; }
  function yOf(lane) { return TOP + rowOf[lane] * LANE_H + LANE_H / 2; }
  function secs(us) { return (us / 1e6).toFixed(6).replace(/0{1,3}$/, '') + ' s'; }
  function inWindow(t) { return t >= st.fromUs && t <= st.toUs; }
  function laneOn(l) { return l === -1 || st.lanes[M.lanes[l]]; }

  // Markers: one arrowhead per message type, in its colour.
  var defs = svg.querySelector('defs');
  M.types.forEach(function (t, ti) {
    var m = el('marker', { id: 'ah' + ti, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    m.appendChild(el('path', { d: 'M0,0 L10,5 L0,10 z', fill: color(ti) }));
    defs.appendChild(m);
  });

  function layout() {
    rowOf = {}; nRows = 0;
    M.lanes.forEach(function (n, l) { if (st.lanes[n]) rowOf[l] = nRows++; });
    var idx = [], times = {};
    function add(i, t) { if (times[i] === undefined) { times[i] = t; idx.push(i); } }
    vmsgs = [];
    M.msgs.forEach(function (m) {
      if (!st.types[M.types[m[4]]] || !laneOn(m[2]) || !laneOn(m[3])) return;
      if (!inWindow(m[5]) && !(m[1] >= 0 && inWindow(m[6]))) return;
      vmsgs.push(m); add(m[0], m[5]); if (m[1] >= 0) add(m[1], m[6]);
    });
    vmarks = M.marks.filter(function (k) { return laneOn(k[2]) && inWindow(k[1]); });
    vmarks.forEach(function (k) { add(k[0], k[1]); });
    if (M.violation && inWindow(M.violation.t)) add(M.violation.i, M.violation.t);
    idx.sort(function (a, b) { return a - b; });
    cols = idx; colT = idx.map(function (i) { return times[i]; });
    vmsgs = vmsgs.map(function (m) { return { m: m, cs: colOf(m[0]), cr: m[1] >= 0 ? colOf(m[1]) : colOf(m[0]) + 3 }; });
    vmsgs.sort(function (a, b) { return a.cs - b.cs; });
    vspans = M.spans.filter(function (s) { return laneOn(s[2]) && s[6] >= st.fromUs && s[5] <= st.toUs; });
    roleSegs = [];
    M.tracks.forEach(function (rows, l) {
      if (!st.lanes[M.lanes[l]]) return;
      for (var j = 0; j < rows.length; j++) roleSegs.push({ lane: l, a: rows[j][1], b: j + 1 < rows.length ? rows[j + 1][1] : M.lastIndex + 1, role: rows[j][2] });
    });
    spacer.style.width = (LEFT + cols.length * st.zoom + scroller.clientWidth / 2) + 'px';
    spacer.style.height = (TOP + nRows * LANE_H + 10) + 'px';
    document.getElementById('shown').textContent = vmsgs.length + ' of ' + M.msgs.length + ' messages, ' + cols.length + ' events drawn';
  }

  // Labels are drawn only where they do not overlap one already drawn in the same band.
  var placed = {};
  function label(layer, x, y, text, attrs) {
    var key = Math.round(y / 9), w = text.length * 5.6 + 4, end = placed[key];
    if (end !== undefined && x < end) return;
    placed[key] = x + w;
    attrs.x = x; attrs.y = y;
    layer.appendChild(el('text', attrs, text));
  }

  function clear() { for (var k in L) while (L[k].firstChild) L[k].removeChild(L[k].firstChild); }

  function render() {
    pending = false;
    document.getElementById('zoom-level').textContent = st.zoom >= 1 ? st.zoom.toFixed(0) + ' px/event' : (1 / st.zoom).toFixed(0) + ' events/px';
    var sl = scroller.scrollLeft, vw = scroller.clientWidth, h = TOP + nRows * LANE_H + 10;
    svg.setAttribute('width', vw); svg.setAttribute('height', h);
    svg.style.left = sl + 'px';
    world.setAttribute('transform', 'translate(' + (-sl) + ',0)');
    clear();
    placed = {};
    var c0 = Math.floor((sl - LEFT) / st.zoom) - 2, c1 = Math.ceil((sl + vw - LEFT) / st.zoom) + 2;
    var x0 = sl, x1 = sl + vw;
    function clipX(c) { return Math.max(x0 - 5, Math.min(x1 + 5, xOf(c) - st.zoom / 2)); }
    // Lanes, coloured by role.
    roleSegs.forEach(function (s) {
      var a = colOf(s.a), b = colOf(s.b);
      if (b < c0 || a > c1) return;
      var xa = clipX(a), xb = clipX(b);
      if (xb - xa < 0.5) return;
      L.bg.appendChild(el('rect', { class: 'role-bg', x: xa, y: yOf(s.lane) - 7, width: xb - xa, height: 14, fill: ROLE[s.role] || '#ddd', 'data-role': s.role }));
    });
    M.lanes.forEach(function (n, l) {
      if (rowOf[l] === undefined) return;
      var g = el('g', { class: 'lane', 'data-node': n });
      g.appendChild(el('line', { x1: x0, x2: x1, y1: yOf(l), y2: yOf(l), class: 'lane-line' }));
      L.lanes.appendChild(g);
      L.labels.appendChild(el('rect', { x: x0, y: yOf(l) - 11, width: 48, height: 22, class: 'lane-tag' }));
      L.labels.appendChild(el('text', { x: x0 + 6, y: yOf(l) + 4, class: 'lane-name' }, n));
    });
    // Shaded faults.
    vspans.forEach(function (s) {
      var a = colOf(s[0]), b = colOf(s[1]);
      if (b < c0 || a > c1) return;
      var xa = clipX(a), xb = Math.max(xa + 2, clipX(b)), y = s[2] === -1 ? TOP : yOf(s[2]) - LANE_H / 2 + 2, hh = s[2] === -1 ? nRows * LANE_H : LANE_H - 4;
      var r = el('rect', { class: 'span ' + s[3], x: xa, y: y, width: xb - xa, height: hh, 'data-kind': s[3] });
      r.appendChild(el('title', {}, s[4] + ' (events ' + s[0] + '–' + s[1] + ', ' + secs(s[5]) + ' – ' + secs(s[6]) + ')'));
      L.spans.appendChild(r);
      if (xb - xa > 60) label(L.spans, Math.max(xa, x0 + 52) + 3, y + 10, s[4], { class: 'span-label' });
    });
    // Ruler: simulated time of the column.
    var step = 1, k3 = 0;
    while (step * st.zoom < 110) { k3++; step = [1, 2, 5][k3 % 3] * Math.pow(10, Math.floor(k3 / 3)); }
    for (var c = Math.max(0, c0 - (c0 % step)); c <= Math.min(c1, cols.length - 1); c += step) {
      if (c < 0) continue;
      L.ruler.appendChild(el('line', { x1: xOf(c), x2: xOf(c), y1: TOP - 6, y2: TOP + nRows * LANE_H, class: 'tick' }));
      L.ruler.appendChild(el('text', { x: xOf(c) + 2, y: TOP - 9, class: 'tick-label' }, secs(colT[c]) + ' #' + cols[c]));
    }
    // Marks: role, epoch, process and fault events.
    vmarks.forEach(function (k) {
      var c = colOf(k[0]);
      if (c < c0 || c > c1) return;
      var x = xOf(c), g = el('g', { class: 'mark ' + k[3], 'data-kind': k[3], 'data-i': k[0] });
      if (k[2] === -1) {
        g.appendChild(el('line', { x1: x, x2: x, y1: TOP, y2: TOP + nRows * LANE_H, class: 'fault-line' }));
        if (st.zoom >= 3) label(g, x + 3, TOP + nRows * LANE_H - 3, k[4], { class: 'mark-label fault-label' });
      } else {
        var y = yOf(k[2]);
        g.appendChild(k[3] === 'role' ? el('rect', { x: x - 4, y: y - 4, width: 8, height: 8, transform: 'rotate(45 ' + x + ' ' + y + ')' }) : el('circle', { cx: x, cy: y, r: 4 }));
        if (st.zoom >= 6) label(g, x + 5, y + 17, k[4], { class: 'mark-label' });
      }
      g.appendChild(el('title', {}, (k[2] === -1 ? 'fault' : M.lanes[k[2]]) + ': ' + k[4] + ' (event ' + k[0] + ', ' + secs(k[1]) + ')'));
      L.marks.appendChild(g);
    });
    // Messages: those in view; when there are too many, every k-th (zoom in for all).
    var inView = [];
    for (var j = 0; j < vmsgs.length; j++) {
      var v = vmsgs[j];
      if (v.cs > c1) break;
      if (Math.max(v.cr, v.cs) >= c0) inView.push(v);
    }
    var stride = Math.ceil(inView.length / MAX_DRAWN), titles = inView.length <= 1500, labels = st.zoom >= 6;
    for (var q = 0; q < inView.length; q += stride) {
      var v = inView[q], m = v.m, lost = m[1] < 0, xa2 = xOf(v.cs), ya = yOf(m[2]), xb2 = xOf(v.cr), yb = yOf(m[3]);
      if (lost) yb = ya + (yb - ya) * 0.4;
      var ln = el('line', { x1: xa2, y1: ya, x2: xb2, y2: yb, class: 'msg' + (lost ? ' lost' : ''), stroke: color(m[4]), 'data-type': M.types[m[4]], 'data-from': M.lanes[m[2]], 'data-to': M.lanes[m[3]], 'data-ts': m[5], 'data-m': m[8] });
      if (!lost && stride === 1) ln.setAttribute('marker-end', 'url(#ah' + m[4] + ')');
      if (titles) ln.appendChild(el('title', {}, msgText(m)));
      L.msgs.appendChild(ln);
      if (lost) L.msgs.appendChild(el('text', { x: xb2 - 3, y: yb + 4, class: 'lost-x' }, '×'));
      if (labels && Math.abs(xb2 - xa2) + Math.abs(yb - ya) > 40) {
        label(L.msgs, (xa2 + xb2) / 2 + 3, (ya + yb) / 2 - 2, M.types[m[4]], { class: 'msg-label', fill: color(m[4]) });
      }
    }
    var tm = document.getElementById('toomany');
    tm.hidden = stride === 1;
    tm.textContent = 'showing 1 in ' + stride + ' of the ' + inView.length + ' arrows in view: zoom in or filter for all';
    // The violation.
    var V = M.violation;
    if (V && inWindow(V.t)) {
      var vc = colOf(V.i), vx = xOf(vc);
      if (vc >= c0 && vc <= c1) {
        var g = el('g', { class: 'violation', id: 'violation-mark', 'data-i': V.i });
        g.appendChild(el('line', { x1: vx, x2: vx, y1: TOP - 4, y2: TOP + nRows * LANE_H }));
        if (V.lane >= 0 && rowOf[V.lane] !== undefined) g.appendChild(el('circle', { cx: vx, cy: yOf(V.lane), r: 9 }));
        g.appendChild(el('text', { x: vx + 6, y: TOP + 12, class: 'violation-label' }, 'VIOLATION ' + V.checker + ' (event ' + V.i + ')'));
        g.appendChild(el('title', {}, V.checker + ': ' + V.message));
        L.hl.appendChild(g);
      }
    }
  }

  function msgText(m) {
    return M.types[m[4]] + '  ' + M.lanes[m[2]] + ' → ' + M.lanes[m[3]] + '\nsent: event ' + m[0] + ' at ' + secs(m[5]) +
      (m[1] >= 0 ? '\nreceived: event ' + m[1] + ' at ' + secs(m[6]) : '\nnever received (lost, or in flight at the end)') + (m[7] ? '\n' + m[7] : '');
  }

  function schedule() { if (!pending) { pending = true; requestAnimationFrame(render); } }
  function relayout(keepCol) {
    var vw = scroller.clientWidth;
    var centerI = keepCol !== undefined ? keepCol : cols[Math.max(0, Math.min(cols.length - 1, Math.round((scroller.scrollLeft + vw / 2 - LEFT) / st.zoom)))];
    layout();
    if (centerI !== undefined) scroller.scrollLeft = Math.max(0, xOf(colOf(centerI)) - vw / 2);
    render();
  }
  function setZoom(z, anchorX) {
    var vw = scroller.clientWidth, ax = anchorX === undefined ? vw / 2 : anchorX;
    var col = (scroller.scrollLeft + ax - LEFT) / st.zoom;
    st.zoom = Math.max(0.02, Math.min(80, z));
    spacer.style.width = (LEFT + cols.length * st.zoom + scroller.clientWidth / 2) + 'px';
    scroller.scrollLeft = Math.max(0, LEFT + col * st.zoom - ax);
    render();
  }
  function goTo(i) { var vw = scroller.clientWidth; scroller.scrollLeft = Math.max(0, xOf(colOf(i)) - vw / 2); render(); }
  function goToTime(us) { var c = lowerBound(colT, us); if (c < cols.length) goTo(cols[c]); }

  scroller.addEventListener('scroll', schedule);
  window.addEventListener('resize', schedule);
  scroller.addEventListener('wheel', function (e) {
    e.preventDefault();
    if (e.ctrlKey || e.metaKey) setZoom(st.zoom * (e.deltaY < 0 ? 1.25 : 0.8), e.clientX - scroller.getBoundingClientRect().left);
    else scroller.scrollLeft += e.deltaY + e.deltaX;
  }, { passive: false });
  document.getElementById('zoom-in').onclick = function () { setZoom(st.zoom * 1.5); };
  document.getElementById('zoom-out').onclick = function () { setZoom(st.zoom / 1.5); };
  document.getElementById('zoom-fit').onclick = function () { setZoom((scroller.clientWidth - LEFT - 20) / Math.max(1, cols.length)); scroller.scrollLeft = 0; render(); };
  var vbtn = document.getElementById('goto-violation');
  if (vbtn) vbtn.onclick = function () { if (M.violation) { st.zoom = Math.max(st.zoom, 14); relayout(M.violation.i); } };
  Array.prototype.forEach.call(document.querySelectorAll('input.f-type'), function (cb) {
    cb.addEventListener('change', function () { st.types[cb.getAttribute('data-type')] = cb.checked; relayout(); });
  });
  Array.prototype.forEach.call(document.querySelectorAll('input.f-lane'), function (cb) {
    cb.addEventListener('change', function () { st.lanes[cb.getAttribute('data-node')] = cb.checked; relayout(); });
  });
  function setAllTypes(on) {
    Array.prototype.forEach.call(document.querySelectorAll('input.f-type'), function (cb) { cb.checked = on; st.types[cb.getAttribute('data-type')] = on; });
    relayout();
  }
  document.getElementById('types-all').onclick = function () { setAllTypes(true); };
  document.getElementById('types-none').onclick = function () { setAllTypes(false); };
  document.getElementById('window-apply').onclick = function () {
    var a = parseFloat(document.getElementById('f-from').value), b = parseFloat(document.getElementById('f-to').value);
    st.fromUs = isNaN(a) ? -Infinity : a * 1000; st.toUs = isNaN(b) ? Infinity : b * 1000;
    layout(); scroller.scrollLeft = 0; render();
  };
  document.getElementById('window-reset').onclick = function () {
    document.getElementById('f-from').value = ''; document.getElementById('f-to').value = '';
    st.fromUs = -Infinity; st.toUs = Infinity; relayout();
  };
  svg.addEventListener('click', function (e) {
    var t = e.target.closest ? e.target.closest('.msg, .mark, .span, .violation') : null;
    if (t && t.hasAttribute('data-m')) { document.getElementById('detail').textContent = msgText(M.msgs[+t.getAttribute('data-m')]); return; }
    var title = t && t.querySelector('title');
    if (title) document.getElementById('detail').textContent = title.textContent;
  });
  var tracks = document.getElementById('tracks');
  if (tracks) tracks.addEventListener('click', function (e) {
    var r = tracks.getBoundingClientRect(), w = +tracks.getAttribute('data-w');
    var ux = (e.clientX - r.left) * w / r.width, l = +tracks.getAttribute('data-left'), rr = +tracks.getAttribute('data-right');
    var us = (ux - l) / (rr - l) * +tracks.getAttribute('data-end-us');
    if (us >= 0) { goToTime(us); document.getElementById('diagram-section').scrollIntoView(); }
  });

  layout();
  if (M.violation) { st.zoom = 14; relayout(M.violation.i); } else render();
  window.zksimReport = { goTo: goTo, goToTime: goToTime, setZoom: setZoom, state: st, columns: function () { return cols.length; } };
})();
`;
