/*
 * The practice-site map (/map/) and the location picker of the admin.
 *
 * Progressive enhancement: the page is a complete list without JavaScript. With it, a Leaflet
 * map (marker clustering, two layers: practice sites and innovation bases) is drawn on top,
 * from /map/sites.geojson with the page's filters; changing a filter updates the URL, the list
 * and the map without reloading.
 *
 * Base layer: Chongqing's district boundaries served by the site (/map/districts.geojson), so
 * the map needs no other host; tiles only when MAP_TILE_URL is configured. Published data is
 * WGS-84; when the tiles are GCJ-02 (MAP_COORDINATE_SYSTEM = gcj02) points are shifted with
 * gcoord before drawing, and clicks are shifted back.
 *
 * Libraries (leaflet, leaflet.markercluster, gcoord) come from npm via static/vendor/.
 */
(function () {
  "use strict";

  function readConfig(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  // --- Coordinates --------------------------------------------------------------------------

  // [lng, lat] in WGS-84 -> [lat, lng] in the map's system.
  function toMap(config, lng, lat) {
    if (config.crs === "gcj02" && window.gcoord) {
      var shifted = window.gcoord.transform([lng, lat], window.gcoord.WGS84, window.gcoord.GCJ02);
      return [shifted[1], shifted[0]];
    }
    return [lat, lng];
  }

  // A point clicked on the map -> [lat, lng] in GCJ-02, what the admin's fields store.
  function clickedToStored(config, latlng) {
    if (config.crs === "gcj02" || !window.gcoord) {
      return [latlng.lat, latlng.lng];
    }
    var shifted = window.gcoord.transform([latlng.lng, latlng.lat], window.gcoord.WGS84, window.gcoord.GCJ02);
    return [shifted[1], shifted[0]];
  }

  // Stored GCJ-02 [lat, lng] -> [lat, lng] on the map.
  function storedToMap(config, lat, lng) {
    if (config.crs === "gcj02" || !window.gcoord) {
      return [lat, lng];
    }
    var wgs = window.gcoord.transform([lng, lat], window.gcoord.GCJ02, window.gcoord.WGS84);
    return [wgs[1], wgs[0]];
  }

  // --- Base layer ---------------------------------------------------------------------------

  function chongqing() {
    return L.latLngBounds([28.15, 105.28], [32.21, 110.2]);
  }

  function createMap(element, config) {
    var map = L.map(element, {
      minZoom: 6,
      maxZoom: 18,
      zoomSnap: 0.5,
      attributionControl: true,
      preferCanvas: false,
    });
    map.attributionControl.setPrefix(false);
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution || "", maxZoom: 18 }).addTo(map);
    } else {
      element.classList.add("site-map--offline");
      map.attributionControl.addAttribution("区县边界：ECharts 4.9.0 地图数据");
    }
    map.fitBounds(chongqing(), { animate: false });
    return map;
  }

  // District names at their centres, so a parent can orient without a tile layer. Shown from
  // zoom 7.5 on (below that 38 names overlap on a phone).
  var LABEL_MIN_ZOOM = 7.5;

  var districtData = null; // the loaded districts, for "我附近"

  function addDistrictLabels(map, config, data) {
    districtData = data;
    var labels = L.layerGroup();
    (data.features || []).forEach(function (feature) {
      var centre = feature.properties && feature.properties.centre;
      if (!centre) return;
      var point = toMap(config, centre[0], centre[1]);
      labels.addLayer(
        L.tooltip({ permanent: true, direction: "center", className: "district-label", interactive: false })
          .setLatLng(point)
          .setContent(feature.properties.name)
      );
    });
    function sync() {
      if (map.getZoom() >= LABEL_MIN_ZOOM) labels.addTo(map);
      else labels.remove();
    }
    map.on("zoomend", sync);
    sync();
    return labels;
  }

  function addDistricts(map, config) {
    return fetch(config.districts, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("districts " + response.status);
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          coordsToLatLng: function (coords) {
            var point = toMap(config, coords[0], coords[1]);
            return L.latLng(point[0], point[1]);
          },
          style: function () {
            return config.tileUrl
              ? { color: "#7f2c18", weight: 1, opacity: 0.6, fill: false }
              : { color: "#8a7d73", weight: 1, fillColor: "#fffdf9", fillOpacity: 1 };
          },
          interactive: false,
        });
        layer.addTo(map);
        layer.bringToBack();
        addDistrictLabels(map, config, data);
        return layer;
      });
  }

  // --- The public map -------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function formatWhen(iso) {
    var date = new Date(iso);
    var parts = new Intl.DateTimeFormat("zh-CN", {
      timeZone: "Asia/Shanghai",
      month: "numeric",
      day: "numeric",
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
    }).format(date);
    return parts;
  }

  function popupContent(props) {
    var box = el("div", "map-popup");
    var title = el("a", "map-popup__title", props.title);
    title.href = props.url;
    box.appendChild(title);
    if (props.is_example) box.appendChild(el("span", "badge badge--example", "示例"));
    var meta = props.layer === "sites"
      ? props.category + " · " + props.district_name
      : "创新实践基地 · " + props.kind + " · " + props.district_name + " · " + props.status_label;
    box.appendChild(el("p", "map-popup__meta", meta));
    if (props.precision !== "exact") {
      box.appendChild(el("p", "map-popup__note", "位置仅精确到区县：" + props.location_note + "。"));
    } else if (props.address) {
      box.appendChild(el("p", "map-popup__meta", props.address));
    }
    if (props.layer === "sites") {
      var facts = [props.appointment_required ? "需要预约" : "无需预约"];
      if (props.barrier_free) facts.push("无障碍");
      box.appendChild(el("p", "map-popup__meta", facts.join(" · ")));
      box.appendChild(
        el("p", "map-popup__next", props.next_open_day ? "下次开放日：" + formatWhen(props.next_open_day.start) : "暂无安排的开放日")
      );
    }
    var more = el("a", "map-popup__more", props.layer === "sites" ? "查看点位详情 ›" : "查看基地资料 ›");
    more.href = props.url;
    box.appendChild(more);
    return box;
  }

  function markerIcon(props) {
    var classes = ["map-marker", "map-marker--" + props.layer];
    if (props.precision !== "exact") classes.push("map-marker--approximate");
    return L.divIcon({
      className: classes.join(" "),
      html: '<span class="map-marker__dot" aria-hidden="true"></span>',
      iconSize: [28, 28],
      iconAnchor: [14, 14],
      popupAnchor: [0, -12],
    });
  }

  // Bases are drawn in a pane below the sites', so a site is never hidden under a base.
  var PANES = { sites: "markerPane", bases: "basesPane" };

  function clusterGroup(layer) {
    return L.markerClusterGroup({
      clusterPane: PANES[layer],
      animate: false,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      maxClusterRadius: 48,
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        var label = layer === "sites" ? "个实践点位" : "个创新实践基地";
        return L.divIcon({
          className: "marker-cluster marker-cluster--" + layer,
          html: '<span aria-label="' + count + label + '">' + count + "</span>",
          iconSize: [40, 40],
        });
      },
    });
  }

  function SiteMap(element, config) {
    this.element = element;
    this.config = config;
    this.map = createMap(element, config);
    this.map.createPane(PANES.bases).style.zIndex = 590;
    this.groups = { sites: clusterGroup("sites"), bases: clusterGroup("bases") };
    this.groups.sites.addTo(this.map);
    this.groups.bases.addTo(this.map);
    this.request = 0;
  }

  SiteMap.prototype.load = function (url) {
    var self = this;
    var request = ++this.request;
    this.element.setAttribute("data-map-state", "loading");
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("sites.geojson " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (request !== self.request) return;
        self.draw(data);
      })
      .catch(function (error) {
        self.element.setAttribute("data-map-state", "error");
        var status = document.getElementById("map-status");
        if (status) status.textContent = "地图数据加载失败，请使用下方列表。";
        if (window.console) console.warn(error);
      });
  };

  SiteMap.prototype.draw = function (data) {
    var self = this;
    var config = this.config;
    var markers = { sites: [], bases: [] };
    var bounds = L.latLngBounds([]);
    data.features.forEach(function (feature) {
      var props = feature.properties;
      var coords = feature.geometry.coordinates;
      var point = toMap(config, coords[0], coords[1]);
      var marker = L.marker(point, {
        pane: PANES[props.layer] || PANES.sites,
        icon: markerIcon(props),
        title: props.title,
        alt: props.title,
        keyboard: true,
      });
      // Popups pan below the zoom buttons (top left: 90 px clears them) and above the
      // attribution; little side padding, so a popup still fits a 390 px phone's map.
      marker.bindPopup(
        function () {
          return popupContent(props);
        },
        { autoPanPaddingTopLeft: L.point(8, 90), autoPanPaddingBottomRight: L.point(8, 24) }
      );
      (markers[props.layer] || markers.sites).push(marker);
      bounds.extend(point);
    });
    Object.keys(this.groups).forEach(function (layer) {
      self.groups[layer].clearLayers();
      self.groups[layer].addLayers(markers[layer]);
    });
    if (bounds.isValid()) {
      this.map.fitBounds(bounds.pad(0.15), { animate: false, maxZoom: 12 });
    } else {
      this.map.fitBounds(chongqing(), { animate: false });
    }
    this.element.setAttribute("data-feature-count", String(data.features.length));
    // Clusters are drawn on the map's move; report ready once that has happened.
    window.requestAnimationFrame(function () {
      self.element.setAttribute("data-map-state", "ready");
    });
  };

  // --- Filters: URL, list and map together ------------------------------------------------------

  function queryFromForm(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") params.append(name, value);
    });
    return params.toString();
  }

  function initPublicMap() {
    var element = document.getElementById("site-map");
    var config = readConfig("map-config");
    if (!element || !config || !window.L) return;
    element.hidden = false;
    var siteMap = new SiteMap(element, config);
    window.siteMap = siteMap;
    addDistricts(siteMap.map, config).catch(function (error) {
      if (window.console) console.warn(error);
    });
    siteMap.load(config.geojson);

    var form = document.querySelector("form.map-filters");
    var results = document.getElementById("map-results");
    if (!form || !results) return;
    var pending = 0;

    function apply(query, push) {
      var request = ++pending;
      var pageUrl = window.location.pathname + (query ? "?" + query : "");
      if (push) window.history.pushState({ query: query }, "", pageUrl);
      results.setAttribute("aria-busy", "true");
      var listDone = fetch(pageUrl, { credentials: "same-origin" })
        .then(function (response) {
          return response.text();
        })
        .then(function (html) {
          if (request !== pending) return;
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById("map-results");
          if (fresh) results.innerHTML = fresh.innerHTML;
          // Announce the new count once (not the whole list) to screen-reader users.
          var count = results.querySelector(".result-count");
          var announcer = document.getElementById("map-announcer");
          if (count && announcer) announcer.textContent = count.textContent.replace(/\s+/g, " ").trim();
        });
      var mapDone = siteMap.load(config.geojsonBase + (query ? "?" + query : ""));
      return Promise.all([listDone, mapDone]).finally(function () {
        if (request === pending) results.removeAttribute("aria-busy");
      });
    }

    form.addEventListener("change", function () {
      apply(queryFromForm(form), true);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      apply(queryFromForm(form), true);
    });
    window.addEventListener("popstate", function () {
      window.location.reload();
    });

    // "我附近": the district whose centre is nearest to the phone's position becomes the district
    // filter, so the list and the map show that district together (and the URL can be shared).
    var nearMe = document.querySelector("[data-near-me]");
    var nearStatus = document.getElementById("near-me-status");
    if (nearMe && navigator.geolocation) {
      nearMe.hidden = false;
      nearMe.addEventListener("click", function () {
        if (nearStatus) nearStatus.textContent = "正在获取你的位置…";
        navigator.geolocation.getCurrentPosition(
          function (position) {
            var code = nearestDistrict(position.coords.longitude, position.coords.latitude);
            if (!code) {
              if (nearStatus) nearStatus.textContent = "区县边界还没有加载好，请稍后再试。";
              return;
            }
            form.querySelectorAll('input[name="district"]').forEach(function (box) {
              box.checked = box.value === code.code;
            });
            var params = new URLSearchParams(queryFromForm(form));
            params.delete("district");
            params.append("district", code.code);
            if (nearStatus) nearStatus.textContent = "已显示" + code.name + "的点位。";
            apply(params.toString(), true);
            var centre = toMap(config, code.centre[0], code.centre[1]);
            siteMap.map.setView(centre, 10);
          },
          function () {
            if (nearStatus) nearStatus.textContent = "没有取得位置权限，请在下方“区县”中选择。";
          },
          { timeout: 10000, maximumAge: 600000 }
        );
      });
    }
  }

  function nearestDistrict(lng, lat) {
    if (!districtData) return null;
    var best = null;
    var bestDistance = Infinity;
    districtData.features.forEach(function (feature) {
      var centre = feature.properties.centre;
      var dx = (centre[0] - lng) * Math.cos((lat * Math.PI) / 180);
      var dy = centre[1] - lat;
      var distance = dx * dx + dy * dy;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = feature.properties;
      }
    });
    return best;
  }

  // --- Admin: pick a location by clicking ----------------------------------------------------------

  function initPicker(element) {
    var config = JSON.parse(element.getAttribute("data-config"));
    var latInput = document.getElementById(config.latitude);
    var lngInput = document.getElementById(config.longitude);
    var precision = document.getElementById(config.precision);
    var canvas = element.querySelector(".location-picker__map");
    if (!latInput || !lngInput || !canvas || !window.L) return;
    var map = createMap(canvas, config);
    addDistricts(map, config).catch(function (error) {
      if (window.console) console.warn(error);
    });
    var marker = null;

    function show() {
      var lat = parseFloat(latInput.value);
      var lng = parseFloat(lngInput.value);
      if (isNaN(lat) || isNaN(lng)) {
        if (marker) {
          map.removeLayer(marker);
          marker = null;
        }
        return;
      }
      var point = storedToMap(config, lat, lng);
      if (marker) marker.setLatLng(point);
      else marker = L.circleMarker(point, { radius: 8, color: "#a13a21", weight: 3 }).addTo(map);
    }

    map.on("click", function (event) {
      var stored = clickedToStored(config, event.latlng);
      latInput.value = stored[0].toFixed(6);
      lngInput.value = stored[1].toFixed(6);
      if (precision) precision.value = "exact";
      [latInput, lngInput, precision].forEach(function (input) {
        if (input) input.dispatchEvent(new Event("change", { bubbles: true }));
      });
      show();
    });
    latInput.addEventListener("change", show);
    lngInput.addEventListener("change", show);
    show();
    if (marker) map.setView(marker.getLatLng(), 14, { animate: false });
    // The editor may open with the panel hidden (collapsed or another tab): resize when shown.
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        map.invalidateSize();
      }).observe(canvas);
    }
  }

  function init() {
    initPublicMap();
    document.querySelectorAll("[data-map-picker]").forEach(initPicker);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
