# Makes fonts/NotoSerifCJKsc-Fallback.otf: the characters Noto Serif CJK SC (OFL 1.1, no reserved
# font names) has and the Fandol faces lack, so rare characters in names (镕 堃 喆 昇 珺 ㎡ ...) print.
# Needs Debian's python3-fonttools and fonts-noto-cjk (extract the .ttc from the .deb); run once
# by hand, the result is committed. Not needed to build or test jixiao.
import os, sys
FONTS = os.path.dirname(os.path.abspath(__file__))  # this script lives in fonts/, beside the faces
TTC = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'
from fontTools.ttLib import TTCollection, TTFont
from fontTools import subset
ttc = TTCollection(TTC)
sc = [f for f in ttc.fonts if f['name'].getDebugName(6) == 'NotoSerifCJKsc-Regular'][0]
sc.save('/tmp/NotoSerifCJKsc-Regular.otf')
# Characters the Fandol faces lack, in the ranges Chinese text uses.
fandol = set()
for f in ['FandolFang-Regular','FandolSong-Regular','FandolHei-Regular','FandolKai-Regular']:
    t = TTFont(os.path.join(FONTS, f + '.otf'))
    fandol |= set(t.getBestCmap().keys())
ranges = [(0x3000,0x303F),(0x3200,0x33FF),(0x3400,0x4DBF),(0x4E00,0x9FFF),(0xF900,0xFAFF),(0xFE30,0xFE4F),(0xFF00,0xFFEF),(0x2000,0x206F),(0x2100,0x218F),(0x2460,0x24FF),(0x2150,0x218F),(0x00A0,0x024F)]
noto = TTFont('/tmp/NotoSerifCJKsc-Regular.otf')
cmap = noto.getBestCmap()
want = sorted(cp for a,b in ranges for cp in range(a,b+1) if cp in cmap and cp not in fandol)
print(len(fandol), len(want))
opts = subset.Options()
opts.layout_features = ['*']
opts.name_IDs = ['*']
opts.notdef_outline = True
opts.hinting = False
opts.desubroutinize = False
s = subset.Subsetter(opts)
s.populate(unicodes=want)
s.subset(noto)
noto.save(os.path.join(FONTS, 'NotoSerifCJKsc-Fallback.otf'))
